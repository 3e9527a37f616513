/**
 * `npm run scheduled -- <name>`: runs one scheduled function now against the running `npm run dev` emulators, the
 * way the dev scheduler runs it on its schedule ("send due reminders now", for a demo). Without a name, lists them.
 */
import { PROJECT_ID, ports } from './lib/emulators'
import { scheduledFunctions, startDevScheduler } from './lib/devScheduler'

const name = process.argv[2]
const functions = scheduledFunctions()
if (!name) {
  console.log(`Scheduled functions: ${functions.map((f) => `${f.name} (${f.schedule})`).join(', ') || 'none'}.`)
  console.log('Run one now: npm run scheduled -- <name>')
  process.exit(0)
}
const scheduler = startDevScheduler({
  functionsOrigin: `http://127.0.0.1:${ports.functions}`,
  projectId: PROJECT_ID,
  loggingUrl: `ws://127.0.0.1:${ports.logging}`,
  functions,
  follow: false,
})
try {
  const run = await scheduler.runNow(name)
  process.exitCode = run.status === 200 ? 0 : 1
} catch (err) {
  console.error(`✖ ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await scheduler.stop()
}

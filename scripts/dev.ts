/**
 * `npm run dev`: the whole app offline. Builds the functions (and keeps rebuilding them), starts the Auth,
 * Firestore and Functions emulators, seeds the demo practice, starts Vite, and prints where to go.
 * Ctrl-C stops everything.
 */
import type { ChildProcess } from 'node:child_process'
import { announceAndBindKeys, startDevScheduler, type DevScheduler } from './lib/devScheduler'
import { EMULATORS, PROJECT_ID, emulatorEnv, emulatorPorts, firebaseConfigArgs, ports, prepareEmulators } from './lib/emulators'
import { startLocalClamd, type LocalClamd } from './lib/clamd'
import { printDemo } from './lib/printDemo'
import { printMemberInvitationMail } from './lib/devMail'
import { portInUse, run, start, stop, waitForPort } from './lib/processes'
import { emulatorVoiceOptions, startFakeTwilio } from '../tests/support/fakeTwilio'
import { seedDemo } from './seed/seedDemo'

const VITE_PORT = 5173
const children: ChildProcess[] = []
let clamd: LocalClamd | undefined
let scheduler: DevScheduler | null = null

async function shutdown(code: number) {
  console.log('\nStopping…')
  await scheduler?.stop()
  await Promise.all(children.map((c) => stop(c)))
  await twilio.close()
  await clamd?.stop()
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

for (const [name, port] of Object.entries({ ...emulatorPorts, vite: VITE_PORT })) {
  if (await portInUse(port)) {
    console.error(`✖ Port ${port} (${name}) is already in use. Is another \`npm run dev\` or \`npm test\` running?`)
    process.exit(1)
  }
}

prepareEmulators()

// Offline, text messages go to a fake Twilio that prints them here instead of sending them.
const twilio = await startFakeTwilio({ port: ports.fakeTwilio, voice: emulatorVoiceOptions(ports.functions, PROJECT_ID) })
process.env.TWILIO_API_BASE_URL = twilio.url
console.log(`  Development phone: the simulated callee answers at ${twilio.url}/__voice`)
let printedMessages = 0
setInterval(() => {
  for (const m of twilio.messages.slice(printedMessages)) console.log(`\n  SMS (not sent, development) to ${m.to} from ${m.from || m.messagingServiceSid}:\n    ${m.body}\n`)
  printedMessages = twilio.messages.length
}, 1000).unref()

// Shared files are scanned by a local clamd with the project's test signatures (the EICAR test file).
try {
  clamd = await startLocalClamd()
} catch (err) {
  console.error(`✖ ${(err as Error).message}`)
  await shutdown(1)
}
process.env.CLAMD_HOST = clamd!.host
process.env.CLAMD_PORT = String(clamd!.port)

run('npx', ['tsc', '-p', 'functions/tsconfig.json'])
children.push(start('npx', ['tsc', '-p', 'functions/tsconfig.json', '--watch', '--preserveWatchOutput'], { stdio: 'ignore' }))
children.push(start('npx', ['firebase', 'emulators:start', '--non-interactive', ...firebaseConfigArgs(), '--only', EMULATORS, '--project', PROJECT_ID]))

try {
  await waitForPort(emulatorPorts.hub, 120_000)
  await Promise.all([waitForPort(emulatorPorts.firestore, 60_000), waitForPort(emulatorPorts.auth, 60_000), waitForPort(emulatorPorts.functions, 60_000)])
  Object.assign(process.env, emulatorEnv())
  const seed = await seedDemo({ appUrl: `http://127.0.0.1:${VITE_PORT}` })
  // Vite gets no keyboard: the keys belong to the scheduler below.
  children.push(start('npx', ['vite', '--config', 'web/vite.config.ts', '--port', String(VITE_PORT), '--strictPort'], { stdio: ['ignore', 'inherit', 'inherit'] }))
  await waitForPort(VITE_PORT, 60_000)
  printDemo(seed, `http://127.0.0.1:${VITE_PORT}`)
  printMemberInvitationMail()
  // Scheduled functions (reminders, sweeps) run on their schedules, as deployed: see scripts/lib/devScheduler.ts.
  scheduler = startDevScheduler({ functionsOrigin: `http://127.0.0.1:${ports.functions}`, projectId: PROJECT_ID, loggingUrl: `ws://127.0.0.1:${ports.logging}` })
  announceAndBindKeys(scheduler)
  console.log('  Press Ctrl-C to stop.\n')
} catch (err) {
  console.error(`\n✖ ${(err as Error).message}`)
  await shutdown(1)
}

/**
 * `npm test`: every suite (unit, rules, functions, e2e) in one vitest run inside `firebase emulators:exec`, so the
 * rules, functions and browser tests meet the real emulators and a real Chromium. Installs what a fresh machine
 * lacks when it can, and ends with the plain summary line `N passed, N failed`.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { emulatorVoiceOptions, startFakeTwilio } from '../tests/support/fakeTwilio'
import { EMULATORS, PROJECT_ID, emulatorEnv, firebaseConfigArgs, ports, portOffset, prepareEmulators, webDist } from './lib/emulators'
import { auditShippedDependencies } from './lib/dependencyAudit'
import { withoutHostingAccessLog } from './lib/hostingRequestLog'
import { startLocalClamd } from './lib/clamd'
import { run } from './lib/processes'
import { ensureDebianPackage } from './lib/systemPackages'

const REPORT = `.cache/vitest-report${portOffset ? `-${portOffset}` : ''}.json`

ensureDebianPackage('chromium', 'chromium', 'The browser tests')
ensureDebianPackage('java', 'openjdk-17-jre-headless', 'The Firestore emulator')
prepareEmulators()

Object.assign(process.env, emulatorEnv())
const args = process.argv.slice(2)
// `npm test -- --project functions` skips what the chosen projects don't need; a full run does everything.
const projects = args.flatMap((a, i) => (args[i - 1] === '--project' ? [a] : a.startsWith('--project=') ? [a.slice(10)] : []))
const needsWeb = projects.length === 0 || projects.includes('e2e')
// Lint first (the import boundaries of eslint.config.js included), then types: CI fails on either.
if (projects.length === 0) run('npm', ['run', '--silent', 'lint'])
if (projects.length === 0) run('npm', ['run', '--silent', 'typecheck'])
// A full run fails on high or critical advisories in what ships (passes, saying so, when offline).
if (projects.length === 0 && !auditShippedDependencies()) process.exit(1)
try {
  run('npx', ['tsc', '-p', 'functions/tsconfig.json'])
} catch (err) {
  // A full run has already stopped on type errors above; a partial run (for quick iteration) carries on with
  // what tsc emitted anyway.
  if (projects.length === 0) throw err
  console.warn('⚠ functions have type errors (emitted anyway for this partial run)')
}
if (needsWeb) run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--mode', 'emulators', '--logLevel', 'warn', '--outDir', resolve(webDist())])

mkdirSync('.cache', { recursive: true })
rmSync(REPORT, { force: true })
const vitest = ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...args]
// Twilio's cloud is out of reach: SMS go to a fake Twilio on 127.0.0.1, which the functions emulator reaches
// through TWILIO_API_BASE_URL (passed on from this environment) and the tests inspect through FAKE_TWILIO_URL.
const twilio = await startFakeTwilio({ port: ports.fakeTwilio, voice: emulatorVoiceOptions(ports.functions, PROJECT_ID) })
process.env.TWILIO_API_BASE_URL = twilio.url
process.env.FAKE_TWILIO_URL = twilio.url
// The e2e tests open the production build served by the Hosting emulator with firebase.json's headers.
const emulators = needsWeb ? `${EMULATORS},hosting` : EMULATORS
// Shared files are scanned by a real clamd, which the functions emulator reaches through CLAMD_HOST / CLAMD_PORT.
const clamd = await startLocalClamd()
process.env.CLAMD_HOST = clamd.host
process.env.CLAMD_PORT = String(clamd.port)
const exec = await new Promise<{ status: number | null }>((done) => {
  const child = spawn('npx', ['firebase', 'emulators:exec', '--non-interactive', ...firebaseConfigArgs({ hosting: needsWeb }), '--only', emulators, '--project', PROJECT_ID, vitest.join(' ')], {
    stdio: ['inherit', 'pipe', 'inherit'],
  })
  withoutHostingAccessLog(child.stdout!, process.stdout)
  child.on('close', (status) => done({ status }))
})
await twilio.close()
await clamd.stop()

if (!existsSync(REPORT)) {
  console.error('✖ The tests did not run (no report). See the emulator output above.')
  console.log('0 passed, 1 failed')
  process.exit(1)
}
const report = JSON.parse(readFileSync(REPORT, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
const failed = report.numFailedTests + (exec.status === 0 ? 0 : report.numFailedTests === 0 ? 1 : 0)
console.log(`${report.numPassedTests} passed, ${failed} failed`)
process.exit(exec.status === 0 && report.numFailedTests === 0 ? 0 : 1)

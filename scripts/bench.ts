/** `npm run bench`: builds the app and prints the benchmark figures (tests/bench/run.ts). Never pass/fail. */
import { resolve } from 'node:path'
import { EMULATORS, PROJECT_ID, emulatorEnv, firebaseConfigArgs, ports, prepareEmulators, webDist } from './lib/emulators'
import { emulatorVoiceOptions, startFakeTwilio } from '../tests/support/fakeTwilio'
import { startLocalClamd } from './lib/clamd'
import { run, runAsync } from './lib/processes'
import { ensureDebianPackage } from './lib/systemPackages'

ensureDebianPackage('chromium', 'chromium', 'The benchmarks')
prepareEmulators()
Object.assign(process.env, emulatorEnv())
run('npx', ['tsc', '-p', 'functions/tsconfig.json'])
run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--mode', 'emulators', '--logLevel', 'warn', '--outDir', resolve(webDist())])
// Nothing in the bench sends SMS, but the functions expect a Twilio endpoint: a fake one on 127.0.0.1.
const twilio = await startFakeTwilio({ port: ports.fakeTwilio, voice: emulatorVoiceOptions(ports.functions, PROJECT_ID) })
process.env.TWILIO_API_BASE_URL = twilio.url
process.env.FAKE_TWILIO_URL = twilio.url
// `npm run bench -- phone` prints only the phone's figures.
if (process.argv[2]) process.env.BENCH_ONLY = process.argv[2]
// The file-sharing bench scans with a real clamd, as the tests do.
const clamd = await startLocalClamd()
process.env.CLAMD_HOST = clamd.host
process.env.CLAMD_PORT = String(clamd.port)
try {
  await runAsync('npx', ['firebase', 'emulators:exec', '--non-interactive', ...firebaseConfigArgs(), '--only', EMULATORS, '--project', PROJECT_ID, 'npx tsx tests/bench/run.ts'])
} finally {
  // A failed run too: a clamd left behind holds its port, and the next bench or test run refuses to start.
  await twilio.close()
  await clamd.stop()
}

/**
 * `npm test`: every suite (unit, rules, functions, e2e) in one vitest run inside `firebase emulators:exec`, so the
 * rules, functions and browser tests meet the real emulators and a real Chromium. Installs what a fresh machine
 * lacks when it can, and ends with the plain summary line `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { EMULATORS, PROJECT_ID, emulatorEnv, firebaseConfigArgs, portOffset, prepareEmulators, webDist } from './lib/emulators'
import { run } from './lib/processes'
import { ensureDebianPackage } from './lib/systemPackages'

const REPORT = `.cache/vitest-report${portOffset ? `-${portOffset}` : ''}.json`

ensureDebianPackage('chromium', 'chromium', 'The browser tests')
ensureDebianPackage('java', 'openjdk-17-jre-headless', 'The Firestore emulator')
prepareEmulators()

Object.assign(process.env, emulatorEnv())
run('npm', ['run', '--silent', 'typecheck'])
run('npx', ['tsc', '-p', 'functions/tsconfig.json'])
run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--mode', 'emulators', '--logLevel', 'warn', '--outDir', resolve(webDist())])

mkdirSync('.cache', { recursive: true })
rmSync(REPORT, { force: true })
const vitest = ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORT}`, ...process.argv.slice(2)]
const exec = spawnSync('npx', ['firebase', 'emulators:exec', ...firebaseConfigArgs(), '--only', EMULATORS, '--project', PROJECT_ID, vitest.join(' ')], {
  stdio: 'inherit',
})

if (!existsSync(REPORT)) {
  console.error('✖ The tests did not run (no report). See the emulator output above.')
  console.log('0 passed, 1 failed')
  process.exit(1)
}
const report = JSON.parse(readFileSync(REPORT, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
const failed = report.numFailedTests + (exec.status === 0 ? 0 : report.numFailedTests === 0 ? 1 : 0)
console.log(`${report.numPassedTests} passed, ${failed} failed`)
process.exit(exec.status === 0 && report.numFailedTests === 0 ? 0 : 1)

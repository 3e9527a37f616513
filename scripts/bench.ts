/** `npm run bench`: builds the app and prints the benchmark figures (tests/bench/run.ts). Never pass/fail. */
import { resolve } from 'node:path'
import { EMULATORS, PROJECT_ID, emulatorEnv, firebaseConfigArgs, prepareEmulators, webDist } from './lib/emulators'
import { run } from './lib/processes'
import { ensureDebianPackage } from './lib/systemPackages'

ensureDebianPackage('chromium', 'chromium', 'The benchmarks')
prepareEmulators()
Object.assign(process.env, emulatorEnv())
run('npx', ['tsc', '-p', 'functions/tsconfig.json'])
run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--mode', 'emulators', '--logLevel', 'warn', '--outDir', resolve(webDist())])
run('npx', ['firebase', 'emulators:exec', ...firebaseConfigArgs(), '--only', EMULATORS, '--project', PROJECT_ID, 'npx tsx tests/bench/run.ts'])

/** `npm run bench`: builds the app and prints the benchmark figures (tests/bench/run.ts). Never pass/fail. */
import { EMULATORS, PROJECT_ID, prepareEmulators } from './lib/emulators'
import { run } from './lib/processes'
import { ensureDebianPackage } from './lib/systemPackages'

ensureDebianPackage('chromium', 'chromium', 'The benchmarks')
prepareEmulators()
run('npx', ['tsc', '-p', 'functions/tsconfig.json'])
run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--mode', 'emulators', '--logLevel', 'warn'])
run('npx', ['firebase', 'emulators:exec', '--only', EMULATORS, '--project', PROJECT_ID, 'npx tsx tests/bench/run.ts'])

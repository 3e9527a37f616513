import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

const domain = fileURLToPath(new URL('./functions/src/domain', import.meta.url))
const web = fileURLToPath(new URL('./web/src', import.meta.url))

/**
 * One vitest run, five projects. `npm test` runs them all inside `firebase emulators:exec`, so the rules,
 * functions and e2e projects always meet real emulators (hosts come from the env vars the emulators set).
 */
export default defineConfig({
  resolve: { alias: { '@domain': domain, '@': web } },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'web', include: ['tests/web/**/*.test.ts'], testTimeout: 20_000 } },
      { extends: true, test: { name: 'rules', include: ['tests/rules/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 60_000 } },
      {
        extends: true,
        test: { name: 'functions', include: ['tests/functions/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time: two cores also run the emulators.
          fileParallelism: false,
        },
      },
    ],
  },
})

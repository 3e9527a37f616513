/**
 * Once per e2e run: seeds the demo practice into the emulators. The production build of the web app (built by
 * `npm test` with `--mode emulators`, so it talks to the emulators) is served by the Hosting emulator with
 * firebase.json's headers, as Firebase Hosting will serve it (scripts/lib/emulators.ts, `hostingForEmulators`).
 */
import { existsSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { zoneWhereItIsNoon } from '../../scripts/seed/demoTimeZone'
import { seedDemo, type SeedResult } from '../../scripts/seed/seedDemo'

// Set by scripts/test.ts (moved by EMULATOR_PORT_OFFSET when two suites run side by side).
const HOSTING_URL = process.env.HOSTING_URL ?? 'http://127.0.0.1:5050'
const DIST = process.env.WEB_DIST ?? 'web/dist'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    seed: Omit<SeedResult, 'join'> & { join: Omit<SeedResult['join'], 'startsAt'> & { startsAt: string } }
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(`${DIST}/index.html`)) {
    throw new Error(`${DIST} is missing: \`npm test\` builds it (vite build --mode emulators).`)
  }
  const response = await fetch(HOSTING_URL).catch(() => null)
  if (!response?.ok) {
    throw new Error(`The Hosting emulator does not answer at ${HOSTING_URL}: \`npm test\` starts it with the e2e project.`)
  }
  const seed = await seedDemo({ appUrl: HOSTING_URL, timeZone: zoneWhereItIsNoon(new Date()) })
  project.provide('baseUrl', HOSTING_URL)
  project.provide('seed', { ...seed, join: { ...seed.join, startsAt: seed.join.startsAt.toISOString() } })
}

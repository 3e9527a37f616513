/**
 * Once per e2e run: seeds the demo practice into the emulators and serves the production build of the web app
 * (built by `npm test` with `--mode emulators`, so it talks to the emulators) on 127.0.0.1.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { preview } from 'vite'
import { seedDemo, type SeedResult } from '../../scripts/seed/seedDemo'

// Set by scripts/test.ts (moved by EMULATOR_PORT_OFFSET when two suites run side by side).
const PORT = Number(process.env.E2E_PORT ?? 4173)
const DIST = process.env.WEB_DIST ?? 'web/dist'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    seed: Omit<SeedResult, 'join'> & { join: Omit<SeedResult['join'], 'startsAt'> & { startsAt: string } }
  }
}

/**
 * The tests look at "today" in the practice's zone. Seeding in a zone where it is about noon keeps the practice's
 * day from turning over mid-run (as it would in Sydney when a run crosses 13:00 UTC), whatever time CI runs.
 */
function zoneWhereItIsNoon(now: Date): string {
  const offsetHours = 12 - now.getUTCHours()
  // Etc/GMT zones have inverted signs: Etc/GMT-10 is UTC+10.
  return offsetHours === 0 ? 'Etc/GMT' : offsetHours > 0 ? `Etc/GMT-${offsetHours}` : `Etc/GMT+${-offsetHours}`
}

export default async function setup(project: TestProject) {
  if (!existsSync(`${DIST}/index.html`)) {
    throw new Error(`${DIST} is missing: \`npm test\` builds it (vite build --mode emulators).`)
  }
  const baseUrl = `http://127.0.0.1:${PORT}`
  const seed = await seedDemo({ appUrl: baseUrl, timeZone: zoneWhereItIsNoon(new Date()) })
  const server = await preview({
    root: 'web',
    configFile: 'web/vite.config.ts',
    logLevel: 'warn',
    build: { outDir: resolve(DIST) },
    preview: { host: '127.0.0.1', port: PORT, strictPort: true },
  })
  project.provide('baseUrl', baseUrl)
  project.provide('seed', { ...seed, join: { ...seed.join, startsAt: seed.join.startsAt.toISOString() } })
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  }
}

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

export default async function setup(project: TestProject) {
  if (!existsSync(`${DIST}/index.html`)) {
    throw new Error(`${DIST} is missing: \`npm test\` builds it (vite build --mode emulators).`)
  }
  const baseUrl = `http://127.0.0.1:${PORT}`
  const seed = await seedDemo({ appUrl: baseUrl })
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

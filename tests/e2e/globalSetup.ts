/**
 * Once per e2e run: seeds the demo practice into the emulators and serves the production build of the web app
 * (built by `npm test` with `--mode emulators`, so it talks to the emulators) on 127.0.0.1.
 */
import { existsSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { preview } from 'vite'
import { seedDemo, type SeedResult } from '../../scripts/seed/seedDemo'

const PORT = 4173

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    seed: Omit<SeedResult, 'join'> & { join: Omit<SeedResult['join'], 'startsAt'> & { startsAt: string } }
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync('web/dist/index.html')) {
    throw new Error('web/dist is missing: build it with `npx vite build --mode emulators` in web/ (npm test does this).')
  }
  const baseUrl = `http://127.0.0.1:${PORT}`
  const seed = await seedDemo({ appUrl: baseUrl })
  const server = await preview({
    root: 'web',
    configFile: 'web/vite.config.ts',
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: PORT, strictPort: true },
  })
  project.provide('baseUrl', baseUrl)
  project.provide('seed', { ...seed, join: { ...seed.join, startsAt: seed.join.startsAt.toISOString() } })
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  }
}

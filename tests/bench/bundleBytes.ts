/**
 * Measures what a browser really downloads to render a route: every script and stylesheet response Chromium
 * receives, gzipped at level 9 (what a CDN serves), summed.
 */
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'

export interface Downloaded {
  files: number
  rawBytes: number
  gzipBytes: number
}

export function recordDownloads(page: Page): { take(): Promise<Downloaded> } {
  const pending: Promise<Buffer | null>[] = []
  page.on('response', (response) => {
    const type = response.request().resourceType()
    if (type === 'script' || type === 'stylesheet') pending.push(response.body().catch(() => null))
  })
  return {
    async take() {
      const bodies = (await Promise.all(pending.splice(0))).filter((b): b is Buffer => b !== null)
      return {
        files: bodies.length,
        rawBytes: bodies.reduce((n, b) => n + b.length, 0),
        gzipBytes: bodies.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
      }
    },
  }
}

/**
 * `BENCH_TRACE=1 npm run bench -- video`: prints, for each run of the video bench, one timeline of both pages
 * around Start (webrtcTrace.browser.js records it in each page), in ms after Start, with the app's `visit:*`
 * marks and each side's first remote frame as the bench read them. For finding where the time between Start
 * and the first frame goes.
 */
import { readFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'

export const tracing = Boolean(process.env.BENCH_TRACE)

const script = tracing ? readFileSync(new URL('./webrtcTrace.browser.js', import.meta.url), 'utf8') : ''

/** Records from the first page load on (call before the context opens a page). */
export async function traceContext(context: BrowserContext): Promise<void> {
  if (tracing) await context.addInitScript(script)
}

/** Starts the counters' sampling on each page (for a few seconds). */
export async function startTraceSampling(pages: Page[]): Promise<void> {
  if (tracing) await Promise.all(pages.map((page) => page.evaluate('window.__startSampling()')))
}

/** Prints both pages' records from shortly before `startAt` on, and `extra` (the bench's marks and frames), interleaved by time. */
export async function printTrace(sides: Record<string, Page>, startAt: number, extra: [at: number, side: string, what: string][] = []): Promise<void> {
  if (!tracing) return
  const rows = [...extra]
  for (const [side, page] of Object.entries(sides)) {
    const records = (await page.evaluate('window.__webrtcTrace')) as [number, string][]
    for (const [at, what] of records) if (at > startAt - 1_000) rows.push([at, side, what])
  }
  rows.sort((a, b) => a[0] - b[0])
  console.log('\nWebRTC trace (ms after Start):')
  for (const [at, side, what] of rows) console.log(`${String(Math.round(at - startAt)).padStart(7)} ${side.padEnd(12)} ${what}`)
  console.log('')
}

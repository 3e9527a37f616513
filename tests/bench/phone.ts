/**
 * Phone figures for `npm run bench` (printed, never asserted): the Call click to ringing and to connected on the
 * development line; the report over 20,000 calls (first page, a filtered page: documents read and ms) and its CSV
 * export; the lazy chunks of the Twilio line and of the development line (gzip -9).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { admin, signedInClient } from '../functions/support/emulators'
import { collection } from 'firebase/firestore'
import { demoPatients } from '../../scripts/seed/demoPractice'
import type { CallLogEntry } from '../../web/src/firebase/phoneRefs'
import { callsToCsv, emptyFilters, fetchAllRows, fetchReportPage, reportQuery } from '../../web/src/phone/callReport'
import { aCall } from '../factories/phone'

export interface PhoneBench {
  clickToRingingMs: number
  clickToConnectedMs: number
  calls: number
  seedMs: number
  firstPage: { ms: number; documentsRead: number }
  filteredPage: { ms: number; documentsRead: number }
  csv: { ms: number; rows: number; bytes: number }
  chunks: { twilio: number; development: number }
}

/**
 * What choosing a line downloads: its lazy chunk and the chunks that only it needs. A chunk that other code imports
 * too (Firestore, Vue, the app's entry) is already in the browser by then and does not count.
 */
function chunkGzip(dist: string, namePart: string): number {
  const assets = join(dist, 'assets')
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'))
  const imports = new Map(
    scripts.map((file) => [file, [...readFileSync(join(assets, file), 'utf8').matchAll(/(?:from|import)\s*\(?"\.\/([^"]+\.js)"/g)].map((m) => m[1]!)]),
  )
  const start = scripts.find((f) => f.includes(namePart))
  if (!start) return 0
  const own = new Set([start])
  // Grow the set by every chunk whose importers are all in it already, until nothing more joins.
  for (let grew = true; grew; ) {
    grew = false
    for (const file of scripts) {
      if (own.has(file)) continue
      const importers = scripts.filter((other) => imports.get(other)!.includes(file))
      if (importers.length > 0 && importers.every((other) => own.has(other))) {
        own.add(file)
        grew = true
      }
    }
  }
  return [...own].reduce((n, f) => n + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0)
}

export async function benchPhone(browser: Browser, baseUrl: string, seed: { practiceId: string; members: { email: string; role: string; password: string }[] }): Promise<PhoneBench> {
  const fake = process.env.FAKE_TWILIO_URL ?? ''
  const staff = seed.members.find((m) => m.role === 'staff')!
  const owner = seed.members.find((m) => m.role === 'owner')!
  const patient = demoPatients[3]!
  await fetch(`${fake}/__voice/callee`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ to: patient.mobile, mode: 'answer', ringMs: 0, hangUpAfterMs: null }) })

  const page = await (await browser.newContext({ baseURL: baseUrl })).newPage()
  await page.goto('/signin')
  await page.getByLabel('Email').fill(staff.email)
  await page.getByLabel('Password').fill(staff.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: "Today's schedule" }).waitFor()
  await page.goto(`/patients/${patient.id}`)
  await page.getByRole('button', { name: /^Call / }).click()
  const call = page.getByRole('dialog').getByRole('button', { name: 'Call', exact: true })
  await call.waitFor()
  const t0 = Date.now()
  await call.click()
  await page.getByTestId('phone-status').filter({ hasText: 'Ringing' }).waitFor()
  const ringing = Date.now() - t0
  await page.getByTestId('phone-status').filter({ hasText: 'Connected' }).waitFor()
  const connected = Date.now() - t0
  await page.getByRole('dialog').getByRole('button', { name: 'Hang up' }).click()
  await page.context().close()

  // 20,000 calls in the demo practice, spread over 90 days, four people, three outcomes.
  const db = admin().db
  const calls = 20_000
  const seedStart = Date.now()
  const people = ['demo-dr-patel', 'demo-dr-chen', 'demo-reception', 'demo-owner']
  const statuses = ['completed', 'completed', 'busy', 'no-answer'] as const
  for (let batchStart = 0; batchStart < calls; batchStart += 500) {
    const batch = db.batch()
    for (let i = batchStart; i < Math.min(calls, batchStart + 500); i++) {
      const status = statuses[i % statuses.length]!
      const entry = aCall({
        placedBy: people[i % 3 === 0 ? 2 : i % 4]!,
        onBehalfOf: people[i % 2]!,
        startedAt: new Date(Date.now() - (i * 90 * 86_400_000) / calls),
        status,
        ...(status === 'completed' ? {} : { durationSeconds: 0, credits: 0, answeredAt: null }),
      })
      batch.set(db.doc(`practices/${seed.practiceId}/calls/${entry.callSid}`), entry)
    }
    await batch.commit()
  }
  const seedMs = Date.now() - seedStart

  const client = await signedInClient(owner.email, owner.password)
  const ref = collection(client.db, 'practices', seed.practiceId, 'calls') as never
  const viewer = { uid: client.user.uid, isOwner: true }
  const timed = async <T>(fn: () => Promise<T>) => {
    const start = performance.now()
    const value = await fn()
    return { value, ms: performance.now() - start }
  }
  const first = await timed(() => fetchReportPage(reportQuery(ref, emptyFilters(), viewer), 25))
  const filtered = await timed(() => fetchReportPage(reportQuery(ref, { ...emptyFilters(), status: 'busy', onBehalfOf: 'demo-dr-patel' }, viewer), 25))
  const csv = await timed(async () => callsToCsv((await fetchAllRows(reportQuery(ref, emptyFilters(), viewer))) as CallLogEntry[]))
  const dist = resolve(process.env.WEB_DIST ?? 'web/dist')
  return {
    clickToRingingMs: ringing,
    clickToConnectedMs: connected,
    calls,
    seedMs,
    firstPage: { ms: first.ms, documentsRead: first.value.documentsRead },
    filteredPage: { ms: filtered.ms, documentsRead: filtered.value.documentsRead },
    csv: { ms: csv.ms, rows: csv.value.split('\r\n').length - 2, bytes: csv.value.length },
    chunks: { twilio: chunkGzip(dist, 'TwilioPhoneLine'), development: chunkGzip(dist, 'DevelopmentPhoneLine') },
  }
}

export function printPhoneBench(b: PhoneBench): void {
  const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`
  console.log('Browser phone (development line, local Twilio):\n')
  console.log(`  Call click → ringing                     ${Math.round(b.clickToRingingMs)} ms`)
  console.log(`  Call click → connected (callee answers at once) ${Math.round(b.clickToConnectedMs)} ms`)
  console.log(`  Report over ${b.calls.toLocaleString('en')} calls (seeded in ${(b.seedMs / 1000).toFixed(1)} s):`)
  console.log(`    first page (25 rows)                   ${Math.round(b.firstPage.ms)} ms, ${b.firstPage.documentsRead} documents read`)
  console.log(`    filtered page (busy, on behalf of one)  ${Math.round(b.filteredPage.ms)} ms, ${b.filteredPage.documentsRead} documents read`)
  console.log(`    CSV export of ${b.csv.rows.toLocaleString('en')} rows                ${Math.round(b.csv.ms)} ms (${kB(b.csv.bytes)})`)
  console.log(`  Lazy chunk, Twilio line (Voice SDK)       ${kB(b.chunks.twilio)} gzip -9`)
  console.log(`  Lazy chunk, development line              ${kB(b.chunks.development)} gzip -9\n`)
}

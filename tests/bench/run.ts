/**
 * The benchmarks behind `npm run bench`, run inside `firebase emulators:exec` against the production build.
 * They print figures; they never pass or fail.
 */
import { resolve } from 'node:path'
import { preview } from 'vite'
import { seedDemo } from '../../scripts/seed/seedDemo'
import { launchChromium } from '../support/chromium'
import { recordDownloads } from './bundleBytes'
import { benchCalendar, printCalendarBench, type CalendarBench } from './calendar'
import { benchCredits } from './credits'
import { benchPhone, printPhoneBench, type PhoneBench } from './phone'
import { benchReminderSweep } from './reminderSweep'
import { benchVideoVisit, printVideoVisitBench, type VideoVisitBench } from './videoVisit'
import { benchVisitChat, type ChatBench } from './visitChat'

const PORT = Number(process.env.E2E_PORT ?? 4173)
const baseUrl = `http://127.0.0.1:${PORT}`
const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`

// `BENCH_ONLY=credits npm run bench` (or `npm run bench -- phone`, `-- chat`, `-- calendar`, `-- video`): only those figures (the
// browser benches take minutes on a busy machine).
const only = process.env.BENCH_ONLY ?? ''
if (only === 'credits') {
  await printCredits()
  process.exit(0)
}

const seed = await seedDemo({ appUrl: baseUrl })
const server = await preview({
  root: 'web',
  configFile: 'web/vite.config.ts',
  logLevel: 'warn',
  build: { outDir: resolve(process.env.WEB_DIST ?? 'web/dist') },
  preview: { host: '127.0.0.1', port: PORT, strictPort: true } })
const browser = await launchChromium()
const rows: [string, string, string, string][] = []
let video: VideoVisitBench | undefined
let warmVideo: VideoVisitBench | undefined
let chat: ChatBench | undefined
let phone: PhoneBench | undefined

let calendar: CalendarBench | undefined
if (only === 'calendar') {
  try {
    printCalendarBench(await benchCalendar(browser, baseUrl, seed))
  } finally {
    await browser.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  }
  process.exit(0)
}

try {
  if (only === '' || only === 'phone') phone = await benchPhone(browser, baseUrl, seed)
  if (only === 'phone') throw new Error('only-phone')
  if (only === '') {
    const page = await (await browser.newContext({ baseURL: baseUrl })).newPage()
    const downloads = recordDownloads(page)
    await page.goto('/signin')
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    await page.waitForLoadState('networkidle')
    const signIn = await downloads.take()
    rows.push(['/signin (console first page)', String(signIn.files), kB(signIn.rawBytes), kB(signIn.gzipBytes)])
    const staff = seed.members.find((m) => m.role === 'staff')!
    await page.getByLabel('Email').fill(staff.email)
    await page.getByLabel('Password').fill(staff.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('list', { name: 'Appointments' }).waitFor()
    await page.waitForLoadState('networkidle')
    const schedule = await downloads.take()
    rows.push([
      '/schedule after sign-in (cumulative)',
      String(signIn.files + schedule.files),
      kB(signIn.rawBytes + schedule.rawBytes),
      kB(signIn.gzipBytes + schedule.gzipBytes),
    ])
  }
  if (only === '') calendar = await benchCalendar(browser, baseUrl, seed)
  const mediaBrowser = await launchChromium({ media: true })
  try {
    // The first visit meets cold functions: the emulator starts a worker process for a function on its first
    // call (loading the functions' code), as a deployed function cold-starts; before it, only the sign-in and
    // join callables have run (and, without `-- video`, the phone's and the calendar's). The second visit, right
    // after, meets the workers the first one left: the steady state.
    if (only !== 'chat') {
      video = await benchVideoVisit(mediaBrowser, baseUrl)
      warmVideo = await benchVideoVisit(mediaBrowser, baseUrl)
    }
    if (only !== 'video') chat = await benchVisitChat(mediaBrowser, baseUrl)
  } finally {
    await mediaBrowser.close()
  }
  if (video) {
    rows.push(['/join/:token before the code (no Firebase, no media)', String(video.beforeCode.files), kB(video.beforeCode.rawBytes), kB(video.beforeCode.gzipBytes)])
    rows.push(['  + after the code, to the waiting room', String(video.afterCode.files), kB(video.afterCode.rawBytes), kB(video.afterCode.gzipBytes)])
  }
} catch (err) {
  if ((err as Error).message !== 'only-phone') throw err
} finally {
  await browser.close()
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
}

if (phone) printPhoneBench(phone)
if (calendar) printCalendarBench(calendar)
if (only === 'phone') process.exit(0)

console.log('\nJS + CSS a browser downloads to render each route (production build):\n')
const header: [string, string, string, string] = ['route', 'files', 'raw', 'gzip -9']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
for (const row of [header, ...rows]) console.log('  ' + row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   '))
console.log('')

if (video && warmVideo) printVideoVisitBench(video, warmVideo)
if (only === 'video') process.exit(0)

if (chat) {
  const ms = (n: number) => `${Math.round(n)} ms`
  console.log('Visit chat (patient → practitioner, one browser, emulators, local clamd):\n')
  console.log(`  message Enter → rendered on the other page, ${chat.messages} messages: p50 ${ms(chat.p50Ms)}, p95 ${ms(chat.p95Ms)}, max ${ms(chat.maxMs)}`)
  const f = chat.file
  const total = f.shareToLinkMs
  console.log(`  ${(f.bytes / 1024 / 1024).toFixed(1)} MB PDF, "Scan for viruses and share" → link on the other page: ${ms(total)}`)
  console.log(`    of which chunks written ${ms(f.uploadMs)}, the scan call ${ms(f.scanCallMs)} (clamd itself ${ms(f.scanMs)}, ${Math.round((f.scanMs / total) * 100)}% of the whole)`)
  console.log(`  (the first file of the run, 2 KB, meeting the scan function cold: ${ms(f.coldShareToLinkMs)})`)
  console.log(`  link clicked → file open in a new tab (assembled from chunks): ${ms(f.linkToOpenMs)}`)
  console.log('')
}

if (only === 'chat') process.exit(0)

const sweep = await benchReminderSweep()
console.log(`Reminder sweep over ${sweep.appointments.toLocaleString('en')} appointments (seeded in ${(sweep.seedMs / 1000).toFixed(1)} s):\n`)
for (const f of [sweep.smaller, sweep]) {
  console.log(`  ${String(f.due).padStart(5)} due: ${String(f.sent).padStart(5)} sent, ${String(f.documentsRead).padStart(6)} documents read, ${(f.wallMs / 1000).toFixed(2)} s wall`)
}
console.log('')

await printCredits()
process.exit(0)

/** The credits figures (tests/bench/credits.ts). */
async function printCredits() {
  const credits = await benchCredits()
  console.log(`Credits: ${credits.visits.toLocaleString('en')} visits ending at once (${credits.endCalls} End calls, each practitioner End sent twice, and the sweep):\n`)
  console.log(`  wall time to all settled   ${(credits.wallMs / 1000).toFixed(1)} s`)
  console.log(`  all End calls returned     ${(credits.endsMs / 1000).toFixed(1)} s (${credits.endConcurrency} in flight, emulator workers warmed first)`)
  console.log(`  balance                    expected ${credits.expectedBalance}, actual ${credits.actualBalance}${credits.expectedBalance === credits.actualBalance ? ' (exact)' : ' (MISMATCH)'}`)
  console.log(`  ledger                     ${credits.visitEntries} visit entries; entries sum to ${credits.ledgerSum}`)
  console.log(`  End calls that failed      ${credits.endFailures} (settled by the sweep instead)`)
  console.log(`  emulator floor             ${(credits.floorMs / 1000).toFixed(1)} s for as many End calls refused on their input, before any read`)
  console.log(`\nLedger of 10,000 entries, as the Billing page reads it:\n`)
  console.log(`  first page (25 rows)       ${credits.firstPageReads} documents read`)
  console.log(`  CSV export (${credits.exportRows.toLocaleString('en')} rows)    ${credits.exportReads.toLocaleString('en')} documents read`)
  console.log('')
}

/**
 * Bench: the console calendar's week view with 300 appointments across 6 practitioners. Reports the time from
 * pressing Next (from an empty week) to all 300 blocks drawn, and the calendar's own JS + CSS (the lazy chunk the
 * Calendar link downloads on top of the schedule).
 *
 * Runs against the emulators of `npm run bench`. Triggers are paused while seeding so planReminders doesn't plan
 * 300 appointments' reminders (they don't touch the calendar).
 */
import { getApps, initializeApp } from 'firebase-admin/app'
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore'
import type { Browser } from 'playwright-core'
import { addPracticeDays, practiceDateOf, practiceInstant, weekStartOf } from '../../functions/src/domain/calendar'
import type { SeedResult } from '../../scripts/seed/seedDemo'
import { recordDownloads, type Downloaded } from './bundleBytes'
import { setTriggers } from './emulatorTriggers'

const APPOINTMENTS = 300
const PRACTITIONERS = 6
const RUNS = 5

export interface CalendarBench {
  appointments: number
  practitioners: number
  /** Next pressed → every block drawn, one figure per run (ms). */
  renderMs: number[]
  chunk: Downloaded
}

/** Seeds a week two weeks ahead: the demo's practitioners plus extra ones, 300 half-hour appointments in their hours. */
async function seedWeek(seed: SeedResult): Promise<string> {
  if (!getApps().length) initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? 'demo-telehealth' })
  const db = getFirestore()
  const practice = db.doc(`practices/${seed.practiceId}`)
  const timeZone = seed.timeZone
  const monday = addPracticeDays(weekStartOf(practiceDateOf(new Date(), timeZone)), 14)
  const members = await practice.collection('members').where('role', '==', 'practitioner').get()
  const practitioners = members.docs.map((d) => ({ uid: d.id, name: String(d.get('displayName')) }))
  const batch = db.batch()
  for (let i = practitioners.length; i < PRACTITIONERS; i++) {
    const uid = `bench-practitioner-${i}`
    practitioners.push({ uid, name: `Dr Bench ${i}` })
    batch.set(practice.collection('members').doc(uid), {
      uid, role: 'practitioner', displayName: `Dr Bench ${i}`, email: `bench${i}@harbourside.example`, createdAt: FieldValue.serverTimestamp(),
    })
  }
  // 50 each: 7 days × about 7 half-hours from 08:00, so some overlap and every column is busy.
  for (let n = 0; n < APPOINTMENTS; n++) {
    const p = practitioners[n % PRACTITIONERS]!
    const slot = Math.floor(n / PRACTITIONERS)
    const date = addPracticeDays(monday, slot % 7)
    const minutes = 8 * 60 + Math.floor(slot / 7) * 30 + (n % 2) * 15
    const start = practiceInstant(date, `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`, timeZone)
    batch.set(practice.collection('appointments').doc(`bench-calendar-${n}`), {
      practitionerId: p.uid, practitionerName: p.name,
      start: Timestamp.fromDate(start), end: Timestamp.fromDate(new Date(start.getTime() + 30 * 60_000)),
      location: 'video', patientIds: ['demo-patient-03'], patients: [{ id: 'demo-patient-03', firstName: 'Charlotte', lastName: 'Wilson' }],
      status: 'scheduled', notes: '', createdAt: FieldValue.serverTimestamp(), updatedAt: FieldValue.serverTimestamp(),
    })
  }
  await setTriggers(false)
  try {
    await batch.commit()
  } finally {
    await setTriggers(true)
  }
  return monday
}

export async function benchCalendar(browser: Browser, baseUrl: string, seed: SeedResult): Promise<CalendarBench> {
  const monday = await seedWeek(seed)
  const owner = seed.members.find((m) => m.role === 'owner')!
  const page = await (await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } })).newPage()
  await page.goto('/signin')
  await page.getByLabel('Email').fill(owner.email)
  await page.getByLabel('Password').fill(owner.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('list', { name: 'Appointments' }).waitFor()

  const downloads = recordDownloads(page)
  await page.getByRole('link', { name: 'Calendar' }).click()
  await page.locator('.ec-body').waitFor()
  const chunk = await downloads.take()

  const renderMs: number[] = []
  const blocks = page.locator('.ec-body .ec-event a')
  for (let run = 0; run < RUNS; run++) {
    // From the (empty) week before, so each Next draws the 300 from nothing.
    await page.goto(`/calendar?view=week&date=${addPracticeDays(monday, -7)}`)
    await page.locator('.ec-body').waitFor()
    await page.locator('.calendar-loading').waitFor({ state: 'detached' })
    const started = Date.now()
    await page.getByRole('button', { name: 'Next', exact: true }).click()
    await page.waitForFunction((count) => document.querySelectorAll('.ec-body .ec-event a').length >= count, APPOINTMENTS, { polling: 'raf' })
    renderMs.push(Date.now() - started)
    if ((await blocks.count()) < APPOINTMENTS) throw new Error('Not every appointment was drawn.')
  }
  await page.context().close()
  return { appointments: APPOINTMENTS, practitioners: PRACTITIONERS, renderMs, chunk }
}

export function printCalendarBench(b: CalendarBench): void {
  const sorted = [...b.renderMs].sort((x, y) => x - y)
  const median = sorted[Math.floor(sorted.length / 2)]!
  console.log(`\nCalendar: a week of ${b.appointments} appointments across ${b.practitioners} practitioners (Next → every block drawn, ${b.renderMs.length} runs):\n`)
  console.log(`  median ${median} ms (runs: ${b.renderMs.join(', ')} ms)`)
  console.log(`  the calendar's chunk (JS + CSS on top of the schedule): ${b.chunk.files} files, ${(b.chunk.rawBytes / 1024).toFixed(1)} kB raw, ${(b.chunk.gzipBytes / 1024).toFixed(1)} kB gzip -9`)
  console.log('')
}

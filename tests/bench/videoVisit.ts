/**
 * Video visit figures on the development (WebRTC mesh) media, in Chromium with fake devices:
 * - what the patient's link downloads before the code is accepted, and what joining adds (Firebase, visit screens);
 * - time from submitting the code to the screen-name step, and from the screen name to the waiting room with the
 *   local camera preview playing;
 * - time from the practitioner's Start to the first remote video frame on each side, with the steps between them
 *   (the app's `visit:*` performance marks, web/src/visit/visitTimings.ts);
 * - time from the patient's reload mid-visit to the practitioner's video playing again on the patient's page.
 * Times are read from each page's own clock as wall-clock instants (timeOrigin + now), so the two pages compare.
 * BENCH_TRACE=1 also prints a timeline of both pages' WebRTC around Start (./videoTrace.ts).
 */
import type { Browser, Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../scripts/seed/demoPractice'
import { bookVideoVisit } from '../e2e/support/visitFixture'
import { recordDownloads, type Downloaded } from './bundleBytes'
import { printTrace, startTraceSampling, traceContext } from './videoTrace'

/** Milliseconds after Start was pressed at which each `visit:*` mark was first set on one side; absent if never. */
export type VisitSteps = Partial<Record<string, number>>

export interface StartToFrame {
  firstFrameMs: number
  steps: VisitSteps
}

export interface VideoVisitBench {
  beforeCode: Downloaded
  afterCode: Downloaded
  codeToNameMs: number
  nameToPreviewMs: number
  startToFirstFrame: { practitioner: StartToFrame; patient: StartToFrame }
  /** The patient's page reloaded mid-visit → the practitioner's video playing on it again, with the steps. */
  reload: StartToFrame
}

/** How long both sides sit in the waiting room before Start. */
const WAITING_ROOM_MS = 3_000

/** This page's clock as a wall-clock instant in ms (sub-millisecond, unlike Date.now()). */
const wallNow = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now())

/**
 * Resolves with the wall-clock instant at which a video element with this test id first had a decoded frame (its
 * dimensions became known: 'loadedmetadata', then 'resize'), taken in the page as it happens rather than when a
 * poll next looks (animation frames are few in a window that is not in front). Media events do not bubble, so
 * they are caught on the way down (capture),
 * whichever element a tile uses. The handler is written inline, unnamed: tsx wraps named functions in a `__name`
 * helper that exists only in Node, not in the page.
 */
async function firstFrame(page: Page, testId: string): Promise<number> {
  await page.evaluate((id) => {
    const found = ((window as unknown as { firstFrameAt?: Record<string, number> }).firstFrameAt ??= {})
    delete found[id]
    const selector = `video[data-testid="${id}"]`
    for (const type of ['loadedmetadata', 'resize']) {
      document.addEventListener(
        type,
        (event) => {
          const video = event.target as HTMLVideoElement
          if (found[id] === undefined && video.matches?.(selector) && video.videoWidth > 0) found[id] = performance.timeOrigin + performance.now()
        },
        true,
      )
    }
    for (const video of document.querySelectorAll<HTMLVideoElement>(selector)) {
      if (found[id] === undefined && video.videoWidth > 0) found[id] = performance.timeOrigin + performance.now()
    }
  }, testId)
  const handle = await page.waitForFunction(
    (id) => (window as unknown as { firstFrameAt: Record<string, number | undefined> }).firstFrameAt[id] ?? 0,
    testId,
    { timeout: 90_000, polling: 100 },
  )
  return (await handle.jsonValue()) as number
}

/** The page's `visit:*` marks as wall-clock instants (the first of each name). */
async function visitMarks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const marks: Record<string, number> = {}
    for (const mark of performance.getEntriesByType('mark')) {
      const name = mark.name.slice('visit:'.length)
      if (mark.name.startsWith('visit:') && marks[name] === undefined) marks[name] = performance.timeOrigin + mark.startTime
    }
    return marks
  })
}

async function startToFrame(page: Page, frameAt: number, startAt: number): Promise<StartToFrame> {
  const marks = await visitMarks(page)
  const steps: VisitSteps = {}
  for (const [name, at] of Object.entries(marks)) steps[name] = at - startAt
  return { firstFrameMs: frameAt - startAt, steps }
}

export async function benchVideoVisit(browser: Browser, baseUrl: string): Promise<VideoVisitBench> {
  const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [4], startsInMinutes: 2 })
  const patient = visit.patients[0]!

  const newPage = async () => {
    const context = await browser.newContext({ baseURL: baseUrl })
    await traceContext(context)
    return context.newPage()
  }
  const doctor = await newPage()
  await doctor.goto('/signin')
  await doctor.getByLabel('Email').fill(visit.practitioner.email)
  await doctor.getByLabel('Password').fill(DEMO_PASSWORD)
  await doctor.getByRole('button', { name: 'Sign in' }).click()
  await doctor.getByRole('heading', { name: "Today's schedule" }).waitFor()
  await doctor.goto(`/visits/${visit.appointmentId}`)
  await doctor.getByTestId('start-visit').waitFor()

  const page = await newPage()
  const downloads = recordDownloads(page)
  await page.goto(patient.path)
  await page.getByLabel('Access code').waitFor()
  await page.waitForLoadState('networkidle')
  const beforeCode = await downloads.take()

  await page.getByLabel('Access code').fill(patient.code)
  const codeAt = performance.now()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('Your name on screen').waitFor()
  const codeToNameMs = performance.now() - codeAt

  await page.getByLabel('Your name on screen').fill('Bench')
  const nameAt = performance.now()
  await page.getByRole('button', { name: 'Continue' }).click()
  await firstFrame(page, 'local-preview')
  const nameToPreviewMs = performance.now() - nameAt
  await page.waitForLoadState('networkidle')
  const afterCode = await downloads.take()

  await page.getByTestId('join-visit').click()
  await doctor.getByTestId('waiting-list').getByText('Waiting').waitFor()
  // A few seconds in the waiting room on both sides, as any real wait gives at least (the pages' listeners and
  // heartbeats never let the network go idle, so this is a pause, not a wait for idle).
  await doctor.waitForTimeout(WAITING_ROOM_MS)
  await startTraceSampling([doctor, page])
  const clickAt = await wallNow(doctor)
  await doctor.getByTestId('start-visit').click()
  const [doctorFrameAt, patientFrameAt] = await Promise.all([
    firstFrame(doctor, 'remote-video'),
    firstFrame(page, 'remote-video'),
  ])
  // The app's own mark of the press when there is one: the click's delivery is not the app's time.
  const startAt = (await visitMarks(doctor))['start-pressed'] ?? clickAt
  const practitioner = await startToFrame(doctor, doctorFrameAt, startAt)
  const patientSide = await startToFrame(page, patientFrameAt, startAt)
  const marks = (side: string, { steps }: StartToFrame) =>
    Object.entries(steps).map(([name, ms]): [number, string, string] => [startAt + ms!, side, `mark ${name}`])
  await printTrace({ practitioner: doctor, patient: page }, startAt, [
    ...marks('practitioner', practitioner),
    ...marks('patient', patientSide),
    [doctorFrameAt, 'practitioner', 'first remote frame'],
    [patientFrameAt, 'patient', 'first remote frame'],
  ])

  // A few seconds into the visit, the patient's tab reloads; the tab rejoins without the code or Join.
  await page.waitForTimeout(2_000)
  const reloadAt = await wallNow(page)
  await page.reload()
  const backAt = await firstFrame(page, 'remote-video')
  const reload = await startToFrame(page, backAt, reloadAt)

  doctor.once('dialog', (dialog) => void dialog.accept())
  await doctor.getByTestId('end-call').click()
  await doctor.getByTestId('visit-ended').waitFor()
  await doctor.context().close()
  await page.context().close()
  await visit.remove()
  return {
    beforeCode,
    afterCode,
    codeToNameMs,
    nameToPreviewMs,
    startToFirstFrame: { practitioner, patient: patientSide },
    reload,
  }
}

/** The steps in the order they happen, with what each means in the printout. */
const STEP_LABELS: [step: string, label: string][] = [
  ['start-returned', 'startVisit returned (the visit is live)'],
  ['saw-live', 'the visit listener said live'],
  ['media-access', 'media access in hand'],
  ['media-joined', 'media session joined'],
  ['published', 'local tracks published'],
  ['presence-in-visit', 'own presence written as in-visit'],
  ['peer-connected', 'mesh: peer connection up'],
  ['remote-video', 'mesh: remote video track arrived'],
]

/** Prints the Start → first frame rows (cold and warm, each side, with their steps) and the reload row. */
export function printVideoVisitBench(cold: VideoVisitBench, warm: VideoVisitBench): void {
  const ms = (n: number | undefined) => (n === undefined ? '—' : `${Math.round(n)} ms`).padStart(8)
  console.log('Video visit (development WebRTC media, fake camera and microphone, one machine):\n')
  console.log('                                                                     cold functions   warm')
  const line = (label: string, pick: (v: VideoVisitBench) => number | undefined) =>
    console.log(`  ${label.padEnd(66)} ${ms(pick(cold))}   ${ms(pick(warm))}`)
  line('code submitted → screen-name step (Firebase loaded, signed in)', (v) => v.codeToNameMs)
  line('screen name submitted → waiting room with local preview playing', (v) => v.nameToPreviewMs)
  for (const side of ['practitioner', 'patient'] as const) {
    line(`Start → first remote frame, ${side}'s side`, (v) => v.startToFirstFrame[side].firstFrameMs)
    for (const [step, label] of STEP_LABELS) {
      if (cold.startToFirstFrame[side].steps[step] === undefined && warm.startToFirstFrame[side].steps[step] === undefined) continue
      line(`    after Start: ${label}`, (v) => v.startToFirstFrame[side].steps[step])
    }
  }
  line("patient's tab reloaded mid-visit → remote video playing again", (v) => v.reload.firstFrameMs)
  for (const [step, label] of STEP_LABELS) {
    if (step === 'start-returned') continue
    line(`    after the reload: ${label}`, (v) => v.reload.steps[step])
  }
  console.log('')
}

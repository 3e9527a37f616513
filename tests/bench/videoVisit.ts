/**
 * Video visit figures on the development (WebRTC mesh) media, in Chromium with fake devices:
 * - what the patient's link downloads before the code is accepted, and what joining adds (Firebase, visit screens);
 * - time from submitting the code to the screen-name step, and from the screen name to the waiting room with the
 *   local camera preview playing;
 * - time from the practitioner's Start to the first remote video frame on each side.
 */
import type { Browser, Locator } from 'playwright-core'
import { DEMO_PASSWORD } from '../../scripts/seed/demoPractice'
import { bookVideoVisit } from '../e2e/support/visitFixture'
import { recordDownloads, type Downloaded } from './bundleBytes'

export interface VideoVisitBench {
  beforeCode: Downloaded
  afterCode: Downloaded
  codeToNameMs: number
  nameToPreviewMs: number
  startToFirstFrameMs: { practitioner: number; patient: number }
}

/** Resolves when the video element has painted a frame with real dimensions. */
async function firstFrame(video: Locator): Promise<void> {
  await video.waitFor({ state: 'attached', timeout: 60_000 })
  await video.page().waitForFunction((el) => (el as HTMLVideoElement).videoWidth > 0, await video.elementHandle(), {
    timeout: 60_000,
    polling: 'raf',
  })
}

export async function benchVideoVisit(browser: Browser, baseUrl: string): Promise<VideoVisitBench> {
  const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [4], startsInMinutes: 2 })
  const patient = visit.patients[0]!

  const doctor = await (await browser.newContext({ baseURL: baseUrl })).newPage()
  await doctor.goto('/signin')
  await doctor.getByLabel('Email').fill(visit.practitioner.email)
  await doctor.getByLabel('Password').fill(DEMO_PASSWORD)
  await doctor.getByRole('button', { name: 'Sign in' }).click()
  await doctor.getByRole('heading', { name: "Today's schedule" }).waitFor()
  await doctor.goto(`/visits/${visit.appointmentId}`)
  await doctor.getByTestId('start-visit').waitFor()

  const page = await (await browser.newContext({ baseURL: baseUrl })).newPage()
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
  await firstFrame(page.getByTestId('local-preview'))
  const nameToPreviewMs = performance.now() - nameAt
  await page.waitForLoadState('networkidle')
  const afterCode = await downloads.take()

  await page.getByTestId('join-visit').click()
  await doctor.getByTestId('waiting-list').getByText('Waiting').waitFor()
  const startAt = performance.now()
  await doctor.getByTestId('start-visit').click()
  const [practitioner, patientSide] = await Promise.all([
    firstFrame(doctor.getByTestId('remote-video').first()).then(() => performance.now() - startAt),
    firstFrame(page.getByTestId('remote-video').first()).then(() => performance.now() - startAt),
  ])
  doctor.once('dialog', (dialog) => void dialog.accept())
  await doctor.getByTestId('end-call').click()
  await doctor.getByTestId('visit-ended').waitFor()
  await visit.remove()
  return { beforeCode, afterCode, codeToNameMs, nameToPreviewMs, startToFirstFrameMs: { practitioner, patient: patientSide } }
}

/**
 * The practitioner's call survives navigating the console (issue 13, item 7): Minimise (or Back) leaves the stage
 * and the call goes on in a docked mini-window while they open Patients, a patient's record and the calendar —
 * the same media session, the other person's video and sound still playing, presence still beating; Mute, Return
 * to visit and End visit work from the dock; closing the tab asks first from any page; signing out leaves the call;
 * being in the call is not being idle (no idle sign-out mid-call); on a phone, the dock and the phone's call window
 * do not cover each other.
 */
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it, onTestFinished } from 'vitest'
import { DEMO_PRACTICE_ID, demoPatients } from '../../scripts/seed/demoPractice'
import { expectCloseAsksFirst, useBrowser } from './support/browser'
import { openLiveChatVisit } from './support/chatVisit'
import { expectVideoPlaying } from './support/videoPlayback'
import { adminDb } from './support/visitFixture'

const browser = useBrowser({ media: true })
const PATIENT_INDEX = 8
const PRACTITIONER_UID = 'demo-dr-chen'
/** The practitioner's idle timeout in the idle test (ms): longer than their wait for the patient before Start. */
const IDLE_MS = 25_000

/** The remote sound elements of `scope` play a live track each. */
async function expectAudioPlaying(scope: Locator): Promise<void> {
  const audio = scope.getByTestId('remote-audio')
  await audio.first().waitFor({ state: 'attached' })
  const playback = () =>
    audio.first().evaluate((element: HTMLAudioElement) => ({
      paused: element.paused,
      track: (element.srcObject as MediaStream | null)?.getAudioTracks()[0]?.readyState ?? 'none',
    }))
  await expect.poll(playback, { timeout: 30_000 }).toEqual({ paused: false, track: 'live' })
}

/** The practitioner's presence heartbeat, as the server last saw it (ms). */
async function practitionerLastSeen(appointmentId: string): Promise<number> {
  const snap = await adminDb().doc(`practices/${DEMO_PRACTICE_ID}/visits/${appointmentId}/participants/${PRACTITIONER_UID}`).get()
  return snap.get('lastSeenAt')?.toMillis() ?? 0
}

const dockOf = (page: Page) => page.getByTestId('visit-dock')

const PHONE = { width: 390, height: 844 }
type Box = { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
const within = (box: Box, screen: typeof PHONE) => box.x >= 0 && box.y >= 0 && box.x + box.width <= screen.width && box.y + box.height <= screen.height

describe('the docked visit', () => {
  it('keeps the call going in the dock while the practitioner uses the console, and ends it from there', { timeout: 300_000 }, async () => {
    const { visit, doctor, patient, patientName } = await openLiveChatVisit(browser.newPage, { patientIndex: PATIENT_INDEX, patientName: 'Mia' })
    onTestFinished(() => visit.remove())
    const doctorName = visit.practitioner.displayName
    const stageVideo = doctor.locator(`[data-testid="participant-tile"][data-name="${patientName}"]`).getByTestId('remote-video')
    await expectVideoPlaying(stageVideo)
    const doctorTile = patient.locator(`[data-testid="participant-tile"][data-name="${doctorName}"]`)

    // Minimise (the D key is announced) leaves the stage for the console; the call is docked.
    const minimise = doctor.getByTestId('minimise-visit')
    expect(await minimise.getAttribute('aria-keyshortcuts')).toBe('D')
    await minimise.click()
    await doctor.getByRole('heading', { level: 1, name: "Today's schedule" }).waitFor()
    const dock = dockOf(doctor)
    await dock.waitFor()
    expect(await doctor.getByTestId('visit-stage').count()).toBe(0)
    const leftStageAt = Date.now()

    // Patients, a patient's record, the calendar: the dock goes along, the other person's video and sound play on.
    await doctor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click()
    await doctor.getByRole('heading', { level: 1, name: 'Patients' }).waitFor()
    const dockVideo = dock.getByTestId('remote-video')
    await expectVideoPlaying(dockVideo)
    await expectAudioPlaying(dock)
    expect(await dock.getByTestId('visit-dock-who').textContent()).toBe(`With ${patientName}`)

    const record = demoPatients[PATIENT_INDEX]!
    await doctor.getByLabel('Search patients').fill(record.lastName.toLowerCase())
    await doctor.getByRole('link', { name: `${record.lastName}, ${record.firstName}` }).click()
    await doctor.getByRole('heading', { level: 1, name: 'Edit patient' }).waitFor()
    expect(await doctor.getByLabel('Last name').inputValue()).toBe(record.lastName)
    await expectVideoPlaying(dockVideo)

    // On a phone, the docked visit and the phone's call window share the bottom of the screen without covering
    // each other (one above the other), both inside the screen.
    await doctor.setViewportSize(PHONE)
    await doctor.getByRole('button', { name: new RegExp(`^Call ${record.firstName} ${record.lastName}`) }).click()
    const phoneWindow = doctor.getByRole('dialog', { name: /^Call / })
    await phoneWindow.waitFor()
    const [dockBox, phoneBox] = [(await dock.boundingBox())!, (await phoneWindow.boundingBox())!]
    expect(overlap(dockBox, phoneBox)).toBe(false)
    for (const box of [dockBox, phoneBox]) expect(within(box, PHONE)).toBe(true)
    await phoneWindow.getByRole('button', { name: 'Close' }).click()
    await doctor.setViewportSize({ width: 1280, height: 800 })

    await doctor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click()
    await doctor.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor()
    await expectVideoPlaying(dockVideo)
    await expectAudioPlaying(dock)

    // The practitioner is still in the visit for the patient: their heartbeat goes on after leaving the stage,
    // and the patient sees them connected, video playing, not "lost connection".
    await expect.poll(() => practitionerLastSeen(visit.appointmentId), { timeout: 40_000, interval: 1_000 }).toBeGreaterThan(leftStageAt)
    expect(await doctorTile.getAttribute('data-lost')).toBeNull()
    expect(await doctorTile.getByTestId('participant-lost').count()).toBe(0)
    await expectVideoPlaying(doctorTile.getByTestId('remote-video'))

    // Mute in the dock: its button says so, and the patient sees the practitioner muted; and back.
    const mute = dock.getByTestId('dock-microphone')
    expect(await mute.getAttribute('aria-pressed')).toBe('false')
    await dock.getByRole('button', { name: 'Mute', exact: true }).click()
    await dock.getByRole('button', { name: 'Unmute' }).and(doctor.locator('[aria-pressed="true"]')).waitFor()
    await doctorTile.getByTestId('muted-indicator').waitFor()
    await mute.click()
    await dock.getByRole('button', { name: 'Mute', exact: true }).and(doctor.locator('[aria-pressed="false"]')).waitFor()
    await doctorTile.getByTestId('muted-indicator').waitFor({ state: 'detached' })

    // Closing the tab asks first, from any console page while in the call (and staying keeps it).
    await expectCloseAsksFirst(doctor)

    // Return to visit: the stage again, with the same call.
    await dock.getByRole('button', { name: 'Return to visit' }).click()
    await doctor.getByTestId('visit-stage').waitFor()
    await expectVideoPlaying(stageVideo)
    await expectAudioPlaying(doctor.getByTestId('visit-stage'))
    expect(await dock.count()).toBe(0)

    // The D key minimises back to where the practitioner was (the calendar); so does the browser's Back.
    await doctor.locator('body').press('d')
    await doctor.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor()
    await expectVideoPlaying(dockVideo)
    await dock.getByRole('button', { name: 'Return to visit' }).click()
    await expectVideoPlaying(stageVideo)
    await doctor.goBack()
    await doctor.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor()
    await expectVideoPlaying(dockVideo)

    // End visit from the dock asks the stage's question, then ends the visit for the patient too.
    const endAsked = new Promise<string>((resolve) =>
      doctor.once('dialog', (dialog) => {
        resolve(dialog.message())
        void dialog.accept()
      }),
    )
    await dock.getByRole('button', { name: 'End visit' }).click()
    expect(await endAsked).toBe('End the visit for everyone?')
    await patient.locator('[data-problem="finished"]').waitFor({ timeout: 30_000 })
    await dock.waitFor({ state: 'detached' })
    const ended = await adminDb().doc(`practices/${DEMO_PRACTICE_ID}/visits/${visit.appointmentId}`).get()
    expect(ended.get('status')).toBe('ended')
  })

  it('leaves the call when the practitioner signs out with the visit docked; the visit goes on for the patient', { timeout: 240_000 }, async () => {
    const { visit, doctor, patient } = await openLiveChatVisit(browser.newPage, { patientIndex: 0, patientName: 'Emma' })
    onTestFinished(() => visit.remove())
    const doctorTile = patient.locator(`[data-testid="participant-tile"][data-name="${visit.practitioner.displayName}"]`)
    await expectVideoPlaying(doctorTile.getByTestId('remote-video'))

    await doctor.getByTestId('minimise-visit').click()
    await dockOf(doctor).waitFor()
    // Signing out asks nothing (the call is left on purpose) and lands on the sign-in page without the dock.
    await doctor.getByRole('button', { name: 'Sign out' }).click()
    await doctor.waitForURL(/\/signin/)
    expect(await dockOf(doctor).count()).toBe(0)

    // The practitioner's media and heartbeats stop: the patient is told they lost connection; the visit is live.
    await doctorTile.getByTestId('participant-lost').waitFor({ timeout: 90_000 })
    const live = await adminDb().doc(`practices/${DEMO_PRACTICE_ID}/visits/${visit.appointmentId}`).get()
    expect(live.get('status')).toBe('live')
  })

  it('does not sign out an idle practitioner while they are in the call, docked or not; once it ends, it does', { timeout: 240_000 }, async () => {
    // The idle timeout shortened (the console's test hook) for the practitioner only, long enough to get into the call.
    const newPage = async (name: string) => {
      const opened = await browser.newPage(name)
      if (name === 'chat practitioner') await opened.context.addInitScript((ms) => localStorage.setItem('idleTimeoutMs', String(ms)), IDLE_MS)
      return opened
    }
    const { visit, doctor, patient } = await openLiveChatVisit(newPage, { patientIndex: 1, patientName: 'Noah' })
    onTestFinished(() => visit.remove())
    const doctorTile = patient.locator(`[data-testid="participant-tile"][data-name="${visit.practitioner.displayName}"]`)
    await expectVideoPlaying(doctorTile.getByTestId('remote-video'))
    await doctor.getByTestId('minimise-visit').click()
    const dock = dockOf(doctor)
    await dock.waitFor()

    // Talking for longer than the timeout without touching anything: still signed in, the call still on.
    await doctor.waitForTimeout(IDLE_MS * 1.5)
    expect(doctor.url()).not.toMatch(/\/signin/)
    expect(await dock.count()).toBe(1)
    await expectVideoPlaying(doctorTile.getByTestId('remote-video'))
    expect(await doctorTile.getByTestId('participant-lost').count()).toBe(0)

    // The visit over, idleness counts again: the sign-in page, saying why.
    doctor.once('dialog', (dialog) => void dialog.accept())
    await dock.getByRole('button', { name: 'End visit' }).click()
    await dock.waitFor({ state: 'detached' })
    await doctor.waitForURL(/\/signin/, { timeout: IDLE_MS * 3 })
    await doctor.getByText(/signed out after .* of inactivity/i).waitFor()
  })
})

/**
 * The visit's stage (issue 13, item 6) in Chromium against the emulators: it has the whole window; with two people
 * the other one fills it and your own video is a small picture-in-picture that moves with the arrow keys and stays
 * inside; on a phone, upright and turned, the other person covers the screen; M mutes (not while typing in the
 * chat); the clock runs from Start and, near the booked end, says how many minutes are left.
 *
 * VISIT_STAGE_SCREENSHOTS=dir saves what the screens look like there (for a person to look at; nothing is compared).
 */
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it, onTestFinished } from 'vitest'
import { useBrowser } from './support/browser'
import { openLiveChatVisit } from './support/chatVisit'
import { expectVideoPlaying } from './support/videoPlayback'

const browser = useBrowser({ media: true })
const screenshots = process.env.VISIT_STAGE_SCREENSHOTS

async function screenshot(page: Page, name: string): Promise<void> {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png` })
}

/** The share of the viewport that `locator`'s box covers (its part inside the viewport), 0–1. */
async function viewportShare(page: Page, locator: Locator): Promise<number> {
  const box = (await locator.boundingBox())!
  const { width, height } = page.viewportSize()!
  const visibleWidth = Math.max(0, Math.min(box.x + box.width, width) - Math.max(box.x, 0))
  const visibleHeight = Math.max(0, Math.min(box.y + box.height, height) - Math.max(box.y, 0))
  return (visibleWidth * visibleHeight) / (width * height)
}

/** True when `inner`'s box lies wholly inside `outer`'s. */
async function inside(inner: Locator, outer: Locator): Promise<boolean> {
  const a = (await inner.boundingBox())!
  const b = (await outer.boundingBox())!
  const e = 0.5 // sub-pixel rounding
  return a.x >= b.x - e && a.y >= b.y - e && a.x + a.width <= b.x + b.width + e && a.y + a.height <= b.y + b.height + e
}

describe('the visit stage', () => {
  it('gives the visit the whole window: the other person large, you small and movable, keys, the clock', { timeout: 240_000 }, async () => {
    // Booked a minute ago for five minutes: the last five minutes of the booked time from the start.
    const { visit, doctor, patient } = await openLiveChatVisit(browser.newPage, {
      patientIndex: 11,
      patientName: 'Jordan',
      startsInMinutes: -1,
      minutes: 5,
    })
    onTestFinished(() => visit.remove())
    const doctorName = visit.practitioner.displayName

    // The practitioner's stage covers the console: its header and navigation are inert behind it.
    const doctorStage = doctor.getByTestId('visit-stage')
    expect(await viewportShare(doctor, doctorStage)).toBe(1)
    expect(await doctor.evaluate(() => document.querySelector('.console-header')?.closest('[inert]') !== null)).toBe(true)

    // Two people: the other person's video is the large one, yours the small one.
    const doctorRemote = doctor.locator('[data-testid="participant-tile"][data-name="Jordan"]').getByTestId('remote-video')
    await expectVideoPlaying(doctorRemote)
    expect(await doctor.getByTestId('visit-grid').getAttribute('data-layout')).toBe('duo')
    expect(await viewportShare(doctor, doctorRemote)).toBeGreaterThan(0.9)
    const selfView = doctor.getByTestId('self-view')
    await expectVideoPlaying(selfView.getByTestId('self-video'))
    expect(await viewportShare(doctor, selfView)).toBeLessThan(0.1)

    // The clock runs from Start; the booked end is near, so the stage says how many minutes are left.
    await doctor.getByTestId('visit-clock').getByRole('timer').getByText(/^\d+:\d\d$/).waitFor()
    const warning = doctor.getByTestId('booked-time-warning')
    expect(await warning.textContent()).toMatch(/^[1-5] minutes? left of the booked time$/)
    await patient.getByTestId('visit-clock').waitFor()
    await patient.getByTestId('booked-time-warning').getByText(/left of the booked time$/).waitFor()
    await screenshot(doctor, 'stage-desktop-practitioner')

    // The self view moves with the arrow keys once focused, and never leaves the stage's video area.
    const area = doctor.locator('.grid-pip-area')
    const before = (await selfView.boundingBox())!
    await selfView.focus()
    for (let i = 0; i < 3; i++) await doctor.keyboard.press('ArrowLeft')
    await doctor.keyboard.press('ArrowUp')
    const after = (await selfView.boundingBox())!
    expect(after.x).toBeLessThan(before.x - 50)
    expect(after.y).toBeLessThan(before.y - 10)
    for (let i = 0; i < 60; i++) await doctor.keyboard.press('Shift+ArrowLeft')
    for (let i = 0; i < 60; i++) await doctor.keyboard.press('Shift+ArrowUp')
    expect(await selfView.getAttribute('data-x')).toBe('0.000')
    expect(await selfView.getAttribute('data-y')).toBe('0.000')
    expect(await inside(selfView, area)).toBe(true)

    // M mutes and unmutes (the button says so, and the other side sees it) — but not while typing in the chat.
    const mute = patient.getByTestId('toggle-microphone')
    expect(await mute.getAttribute('aria-keyshortcuts')).toBe('M')
    expect(await mute.getAttribute('aria-pressed')).toBe('false')
    await patient.locator('body').press('m')
    await patient.getByRole('button', { name: 'Unmute' }).and(patient.locator('[aria-pressed="true"]')).waitFor()
    const jordanForDoctor = doctor.locator('[data-testid="participant-tile"][data-name="Jordan"]')
    await jordanForDoctor.getByTestId('muted-indicator').waitFor()
    await patient.locator('body').press('M')
    await patient.getByRole('button', { name: 'Mute', exact: true }).and(patient.locator('[aria-pressed="false"]')).waitFor()
    await jordanForDoctor.getByTestId('muted-indicator').waitFor({ state: 'detached' })
    await patient.getByTestId('chat-tab').click()
    await patient.getByTestId('chat-input').pressSequentially('mmm')
    expect(await patient.getByTestId('chat-input').inputValue()).toBe('mmm')
    expect(await mute.getAttribute('aria-pressed')).toBe('false')
    await patient.getByTestId('chat-tab').click()

    // On a phone held upright, and turned, the practitioner's video covers the screen.
    const patientRemote = patient.locator(`[data-testid="participant-tile"][data-name="${doctorName}"]`).getByTestId('remote-video')
    await patient.setViewportSize({ width: 390, height: 844 })
    await expectVideoPlaying(patientRemote)
    expect(await viewportShare(patient, patientRemote)).toBeGreaterThan(0.9)
    expect(await viewportShare(patient, patient.getByTestId('self-view'))).toBeLessThan(0.15)
    expect(await inside(patient.getByTestId('end-call'), patient.getByTestId('visit-stage'))).toBe(true)
    await screenshot(patient, 'stage-phone-portrait')
    await patient.setViewportSize({ width: 844, height: 390 })
    expect(await viewportShare(patient, patientRemote)).toBeGreaterThan(0.9)
    expect(await inside(patient.getByTestId('self-view'), patient.locator('.grid-pip-area'))).toBe(true)
    expect(await inside(patient.getByTestId('end-call'), patient.getByTestId('visit-stage'))).toBe(true)
    await screenshot(patient, 'stage-phone-landscape')
  })
})

/**
 * A patient who blocked the camera and microphone (headless Chromium refuses the permission prompt when nothing
 * answers it) is told how to allow them in the browser in use, and nothing they typed is lost.
 */
import { describe, expect as vexpect, it } from 'vitest'
import { useBrowser } from './support/browser'
import { openBookedVisitAsPatient } from './support/patientJoin'

const browser = useBrowser({ media: 'blocked' })

describe('video visit with blocked devices', () => {
  it('explains how to allow the camera and microphone in Chrome, and offers to try again', async () => {
    const { page } = await openBookedVisitAsPatient(browser.newPage, 'visit blocked devices', { practitionerUid: 'demo-dr-patel', patientIndex: 6, startsInMinutes: 5 }, 'Lee')

    const help = page.getByTestId('permission-help')
    await help.waitFor()
    vexpect(await help.getByRole('heading').textContent()).toMatch(/camera and microphone in Chrome/i)
    vexpect(await help.textContent()).toMatch(/address bar/)
    await page.locator('[data-testid="device-status"] [data-device="video"][data-status="problem"]').waitFor()
    // Try again asks the browser again; still blocked, the help stays rather than a blank preview.
    await help.getByRole('button', { name: 'Try again' }).click()
    await page.getByTestId('permission-help').waitFor()
    vexpect(await page.getByTestId('local-preview').evaluate((video: HTMLVideoElement) => video.videoWidth)).toBe(0)
    // Joining is not held hostage to the devices: the patient can wait in the waiting room while fixing them.
    await page.getByTestId('join-visit').click()
    await page.getByTestId('waiting-room').waitFor()
  })
})

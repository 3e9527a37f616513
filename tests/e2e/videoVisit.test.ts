/**
 * The whole video visit, in Chromium with fake camera and microphone, against the emulators and the development
 * (WebRTC mesh) media: a practitioner and two patients, each in their own browser context.
 */
import type { Locator, Page, Request } from 'playwright-core'
import { describe, expect as vexpect, inject, it, onTestFinished } from 'vitest'
import { DEMO_PASSWORD } from '../../scripts/seed/demoPractice'
import { useBrowser, signIntoConsole } from './support/browser'
import { adminDb, bookVideoVisit, wrongCodeFor } from './support/visitFixture'

const browser = useBrowser({ media: true })

/** Waits until a <video> shows frames with real dimensions that keep coming (not a frozen or empty element). */
async function expectVideoPlaying(video: Locator): Promise<{ width: number; height: number }> {
  await video.waitFor({ state: 'visible', timeout: 30_000 })
  const handle = await video.elementHandle()
  await video.page().waitForFunction((el) => (el as HTMLVideoElement).videoWidth > 0, handle, { timeout: 30_000 })
  const first = await video.evaluate((el: HTMLVideoElement) => el.currentTime)
  await video.page().waitForFunction(
    ([el, t]) => (el as HTMLVideoElement).currentTime > (t as number),
    [handle, first] as const,
    { timeout: 15_000 },
  )
  return video.evaluate((el: HTMLVideoElement) => ({ width: el.videoWidth, height: el.videoHeight }))
}

async function enterCode(page: Page, code: string) {
  await page.getByLabel('Access code').fill(code)
  await page.getByRole('button', { name: 'Continue' }).click()
}

async function joinWaitingRoom(page: Page, path: string, code: string, screenName: string) {
  await page.goto(path)
  await enterCode(page, code)
  await page.getByLabel('Your name on screen').fill(screenName)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expectVideoPlaying(page.getByTestId('local-preview'))
  await page.getByTestId('join-visit').click()
  await page.getByTestId('waiting-room').waitFor()
}

/**
 * Uncaught errors and the app's own warnings go to the test output (a media failure is otherwise invisible);
 * the browser's network noise, expected here (wrong codes, the offline spell), does not.
 */
function relayConsole(page: Page, who: string): Page {
  page.on('pageerror', (error) => console.error(`[${who}] page error:`, error.message))
  page.on('console', (message) => {
    const text = message.text()
    if (message.type() !== 'error' && message.type() !== 'warning') return
    if (text.startsWith('Failed to load resource') || text.includes('@firebase/firestore')) return
    console.warn(`[${who}] ${text}`)
  })
  return page
}

describe('video visit', () => {
  it('takes a practitioner and two patients from the link to the end of the visit', { timeout: 240_000 }, async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [2, 3], startsInMinutes: 5 })
    onTestFinished(() => visit.remove())
    const [alex, blair] = visit.patients as [(typeof visit.patients)[0], (typeof visit.patients)[0]]

    // Practitioner: the visit page shows who is booked and the estimate before anyone arrives.
    const { page: doctor } = await browser.newPage('visit practitioner')
    relayConsole(doctor, 'practitioner')
    await signIntoConsole(doctor, visit.practitioner.email, DEMO_PASSWORD)
    // From today's schedule, as a practitioner would get there.
    await doctor
      .getByRole('listitem')
      .filter({ hasText: `${visit.patients.map((p) => p.fullName).join(', ')}` })
      .getByTestId('open-visit')
      .click()
    await doctor.waitForURL(`**/visits/${visit.appointmentId}`)
    // 30 booked minutes = 2 blocks, × 2 patients × 2 credits.
    await doctor.getByTestId('credit-estimate').getByText('8 credits').waitFor()
    await doctor.getByTestId('waiting-list').getByText('Not here yet').first().waitFor()

    // Patient A: five wrong codes lock the link, and the page says until when.
    const { context: alexContext, page: alexPage } = await browser.newPage('visit patient A')
    relayConsole(alexPage, 'Alex')
    await alexPage.goto(alex.path)
    const wrong = wrongCodeFor(alex.code)
    for (let attempt = 1; attempt <= 4; attempt++) {
      await enterCode(alexPage, wrong)
      await alexPage.getByTestId('code-error').getByText(`${5 - attempt} attempt`).waitFor()
    }
    await enterCode(alexPage, wrong)
    await alexPage.getByTestId('code-locked').waitFor()
    vexpect(await alexPage.getByLabel('Access code').isDisabled()).toBe(true)
    const locked = await adminDb().doc(`invites/${alex.inviteId}`).get()
    const lockedUntil = locked.get('lockedUntil').toDate() as Date
    vexpect(lockedUntil.getTime() - Date.now()).toBeGreaterThan(14 * 60_000)

    // Fifteen minutes later (the lock is moved into the past, as time would): the right code gets in.
    await adminDb().doc(`invites/${alex.inviteId}`).update({ lockedUntil: new Date(Date.now() - 1_000) })
    await joinWaitingRoom(alexPage, alex.path, alex.code, 'Alex')

    const { page: blairPage } = await browser.newPage('visit patient B')
    relayConsole(blairPage, 'Blair')
    await blairPage.goto(blair.path)
    // The token leaves the address bar once read; the tab remembers it for reloads.
    await blairPage.waitForURL((url) => url.pathname === '/join')
    await enterCode(blairPage, blair.code)
    await blairPage.getByLabel('Your name on screen').fill('Blair')
    await blairPage.getByRole('button', { name: 'Continue' }).click()
    // Device setup: the microphone meter moves, the test ring plays and is confirmed, and the screen can stand in
    // for the camera and hand back to it.
    await expectVideoPlaying(blairPage.getByTestId('local-preview'))
    await blairPage.waitForFunction(() => Number(document.querySelector('[data-testid="mic-level"]')?.getAttribute('data-level')) > 0)
    // Another microphone from the picker: the meter follows the new one.
    const microphones = blairPage.getByTestId('microphone-select')
    const options = await microphones.locator('option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value))
    vexpect(options.length).toBeGreaterThanOrEqual(2)
    await microphones.selectOption(options[1]!)
    vexpect(await microphones.inputValue()).toBe(options[1])
    await blairPage.waitForFunction(() => Number(document.querySelector('[data-testid="mic-level"]')?.getAttribute('data-level')) > 0)
    await blairPage.getByTestId('play-test-sound').click()
    await blairPage.waitForFunction(() => Number(document.querySelector('[data-testid="speaker-level"]')?.getAttribute('data-level')) > 0)
    await blairPage.getByTestId('speaker-heard').click()
    await blairPage.locator('[data-testid="device-status"] [data-device="speaker"][data-status="ok"]').waitFor()
    await blairPage.getByTestId('setup-toggle-screen').click()
    await blairPage.locator('[data-testid="device-status"] [data-device="video"]').getByText(/screen/i).waitFor()
    await expectVideoPlaying(blairPage.getByTestId('local-preview'))
    await blairPage.getByTestId('setup-toggle-screen').click()
    await blairPage.locator('[data-testid="device-status"] [data-device="video"]').getByText(/camera/i).waitFor()
    await blairPage.getByTestId('join-visit').click()
    await blairPage.getByTestId('waiting-room').waitFor()

    // The practitioner sees both waiting, live, and starts.
    const waiting = doctor.getByTestId('waiting-list')
    await waiting.locator(`[data-patient-id="${alex.id}"]`).getByText('Waiting').waitFor()
    await waiting.locator(`[data-patient-id="${blair.id}"]`).getByText('Waiting').waitFor()
    await doctor.getByTestId('start-visit').click()
    await doctor.getByTestId('visit-stage').waitFor()
    await doctor.getByTestId('dev-media-badge').waitFor()

    // Everyone sees the others' video playing.
    const alexTileForDoctor = doctor.locator(`[data-testid="participant-tile"][data-name="Alex"]`)
    const size = await expectVideoPlaying(alexTileForDoctor.getByTestId('remote-video'))
    vexpect(size.width).toBeGreaterThan(0)
    vexpect(size.height).toBeGreaterThan(0)
    await expectVideoPlaying(doctor.locator(`[data-testid="participant-tile"][data-name="Blair"]`).getByTestId('remote-video'))
    await alexPage.getByTestId('visit-stage').waitFor()
    await expectVideoPlaying(
      alexPage.locator(`[data-testid="participant-tile"][data-name="${visit.practitioner.displayName}"]`).getByTestId('remote-video'),
    )
    await expectVideoPlaying(blairPage.locator(`[data-testid="participant-tile"][data-name="Alex"]`).getByTestId('remote-video'))

    // Muting shows on the other side.
    await alexPage.getByTestId('toggle-microphone').click()
    await alexTileForDoctor.getByTestId('muted-indicator').waitFor()
    await alexPage.getByTestId('toggle-microphone').click()
    await alexTileForDoctor.getByTestId('muted-indicator').waitFor({ state: 'detached' })

    // Camera off shows on the other side too.
    await alexPage.getByTestId('toggle-camera').click()
    await doctor.locator('[data-testid="participant-tile"][data-name="Alex"][data-camera-off="true"]').waitFor()
    await alexPage.getByTestId('toggle-camera').click()
    await doctor.locator('[data-testid="participant-tile"][data-name="Alex"][data-camera-off="false"]').waitFor()

    // Patient B's tab reloads mid-visit: back in with the same link, without the code, and seen again.
    await blairPage.reload()
    await blairPage.getByTestId('join-visit').click()
    await blairPage.getByTestId('visit-stage').waitFor()
    await expectVideoPlaying(doctor.locator(`[data-testid="participant-tile"][data-name="Blair"]`).getByTestId('remote-video'))
    await expectVideoPlaying(
      blairPage.locator(`[data-testid="participant-tile"][data-name="${visit.practitioner.displayName}"]`).getByTestId('remote-video'),
    )

    // Patient A's network drops and comes back: "Reconnecting…", then the visit goes on without a reload.
    const cdp = await alexContext.newCDPSession(alexPage)
    await cdp.send('Network.enable')
    const network = (offline: boolean) =>
      cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await network(true)
    await alexPage.getByTestId('reconnecting').waitFor()
    await network(false)
    await alexPage.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 })
    await expectVideoPlaying(
      alexPage.locator(`[data-testid="participant-tile"][data-name="${visit.practitioner.displayName}"]`).getByTestId('remote-video'),
    )
    await expectVideoPlaying(alexTileForDoctor.getByTestId('remote-video'))

    // Patient A ends the call: out for good, and the link no longer admits them.
    await alexPage.getByTestId('end-call').click()
    await alexPage.getByTestId('join-problem').and(alexPage.locator('[data-problem="left"]')).waitFor()
    await alexTileForDoctor.waitFor({ state: 'detached', timeout: 40_000 })
    const again = await alexContext.newPage()
    await again.goto(alex.path)
    await again.locator('[data-problem="left"]').waitFor()

    // The practitioner ends the visit: everyone is out.
    doctor.once('dialog', (dialog) => void dialog.accept())
    await doctor.getByTestId('end-call').click()
    await doctor.getByTestId('visit-ended').waitFor()
    await blairPage.locator('[data-problem="finished"]').waitFor()
    const ended = await adminDb().doc(`practices/demo-practice/visits/${visit.appointmentId}`).get()
    vexpect(ended.get('status')).toBe('ended')
    vexpect([...(ended.get('joinedPatientIds') as string[])].sort()).toEqual([alex.id, blair.id].sort())
    vexpect(ended.get('practitionerJoinedAt')).toBeTruthy()
  })

  it('says when the visit opens, and offers no Join button before then', async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [5], startsInMinutes: 40 })
    onTestFinished(() => visit.remove())
    const { page } = await browser.newPage('visit countdown')
    await page.goto(visit.patients[0]!.path)
    await enterCode(page, visit.patients[0]!.code)
    await page.getByLabel('Your name on screen').fill('Sam')
    await page.getByRole('button', { name: 'Continue' }).click()
    const countdown = page.getByTestId('join-countdown')
    await countdown.waitFor()
    // Starts in 40 minutes and opens 10 before: about 30 minutes to go (rounded up to the second).
    const [, minutes, seconds] = (await countdown.textContent())!.match(/You can join from .+, in (\d+):(\d\d)\./)!
    const secondsLeft = Number(minutes) * 60 + Number(seconds)
    vexpect(secondsLeft).toBeGreaterThan(25 * 60)
    vexpect(secondsLeft).toBeLessThanOrEqual(30 * 60)
    vexpect(await page.getByTestId('join-visit').count()).toBe(0)
    // The camera can be checked meanwhile.
    await expectVideoPlaying(page.getByTestId('local-preview'))
  })

  it('takes the token out of the address bar, sends no Referer, and calls only our two functions before the code is accepted', async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [6], startsInMinutes: 5 })
    onTestFinished(() => visit.remove())
    const patient = visit.patients[0]!
    const { page } = await browser.newPage('join link trace')
    const requests: Request[] = []
    page.on('request', (request) => requests.push(request))

    await page.goto(patient.path)
    await page.getByLabel('Access code').waitFor()
    vexpect(new URL(page.url()).pathname).toBe('/join')

    const redeemed = page.waitForResponse((response) => response.url().endsWith('/redeemInvite'))
    await enterCode(page, patient.code)
    await redeemed
    const beforeAccepted = [...requests]
    await page.getByLabel('Your name on screen').waitFor()

    const functions = `http://${process.env.VITE_FUNCTIONS_EMULATOR_HOST}`
    const allowed = (url: string) =>
      new URL(url).origin === inject('baseUrl') || (url.startsWith(`${functions}/`) && /\/(checkInvite|redeemInvite)$/.test(url))
    vexpect(beforeAccepted.map((r) => r.url()).filter((url) => !allowed(url))).toEqual([])
    vexpect(beforeAccepted.some((r) => r.url().endsWith('/checkInvite'))).toBe(true)
    // Only after the code: the Firebase SDK signs the patient in (so the watch above did see the page's traffic).
    vexpect(requests.slice(beforeAccepted.length).some((r) => new URL(r.url()).origin !== inject('baseUrl'))).toBe(true)
    // Referrer-Policy: no-referrer. Firebase Auth alone sets its own policy on its API calls and sends the bare origin
    // (API keys may be restricted by referrer): never a path, so never the token.
    const referers = await Promise.all(requests.map(async (r) => ({ url: r.url(), referer: (await r.allHeaders())['referer'] })))
    vexpect(referers.slice(0, beforeAccepted.length).filter((r) => r.referer)).toEqual([])
    vexpect(referers.filter((r) => r.referer && r.referer !== `${inject('baseUrl')}/`)).toEqual([])

    // A reload of the bare /join rejoins from this tab's storage, without the code.
    await page.reload()
    await page.getByLabel('Your name on screen').waitFor()
    vexpect(new URL(page.url()).pathname).toBe('/join')
  })

  it('gives an unknown link a clear page instead of a code form', async () => {
    const { page } = await browser.newPage('visit unknown link')
    await page.goto('/join/AAAAAAAAAAAAAAAAAAAAAA')
    await page.locator('[data-problem="not-found"]').getByRole('heading', { name: "This link doesn't work" }).waitFor()
    vexpect(await page.getByLabel('Access code').count()).toBe(0)
  })
})

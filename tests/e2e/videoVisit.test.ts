/**
 * The whole video visit, in Chromium with fake camera and microphone, against the emulators and the development
 * (WebRTC mesh) media: a practitioner and two patients, each in their own browser context.
 */
import type { BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect as vexpect, inject, it, onTestFinished } from 'vitest'
import { DEMO_PASSWORD } from '../../scripts/seed/demoPractice'
import { expectCloseAsksFirst, useBrowser, signIntoConsole } from './support/browser'
import { openBookedVisitAsPatient, openVisitLink } from './support/patientJoin'
import { expectVideoPlaying } from './support/videoPlayback'
import { adminDb, bookVideoVisit, wrongCodeFor } from './support/visitFixture'

const browser = useBrowser({ media: true })

async function enterCode(page: Page, code: string) {
  await page.getByLabel('Access code').fill(code)
  await page.getByRole('button', { name: 'Continue' }).click()
}

async function joinWaitingRoom(page: Page, path: string, code: string, screenName: string) {
  await openVisitLink(page, { path, code }, screenName)
  await expectVideoPlaying(page.getByTestId('local-preview'))
  await page.getByTestId('join-visit').click()
  await page.getByTestId('waiting-room').waitFor()
}

/** The participant id behind a name in this page's visit grid (the tile says whose it is). */
async function participantIdOf(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-testid="participant-tile"][data-name="${name}"]`).getAttribute('data-participant-id'))!
}

/**
 * The loudest sample (0–1) of the sound this page receives from one participant, measured with an AnalyserNode on
 * the remote track its <audio> element plays, over a window longer than the gap between the fake microphone's beeps.
 * 0 when nothing arrives from them (no element, or an ended track).
 */
async function receivedPeak(page: Page, participantId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const element = document.querySelector(`audio[data-testid="remote-audio"][data-participant-id="${id}"]`) as HTMLAudioElement | null
    const track = (element?.srcObject as MediaStream | null)?.getAudioTracks()[0]
    if (!track || track.readyState !== 'live') return 0
    const context = new AudioContext()
    const analyser = context.createAnalyser()
    analyser.fftSize = 2048
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser)
    await context.resume()
    const samples = new Float32Array(analyser.fftSize)
    let peak = 0
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 50))
      analyser.getFloatTimeDomainData(samples)
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample))
    }
    await context.close()
    return peak
  }, participantId)
}

const HEARD = 0.02
const SILENT = 0.002

/** Waits until `page` receives sound from `name` (the fake microphone's tone), and says who could not be heard. */
async function expectHearing(page: Page, name: string, who: string): Promise<void> {
  const id = await participantIdOf(page, name)
  const deadline = Date.now() + 30_000
  let peak = 0
  while ((peak = await receivedPeak(page, id)) <= HEARD) {
    if (Date.now() > deadline) throw new Error(`${who} cannot hear ${name}: received peak ${peak.toFixed(4)}.`)
  }
}

/** Waits until `page` receives no sound from `name`. */
async function expectSilence(page: Page, name: string, who: string): Promise<void> {
  const id = await participantIdOf(page, name)
  const deadline = Date.now() + 30_000
  let peak = 1
  while ((peak = await receivedPeak(page, id)) >= SILENT) {
    if (Date.now() > deadline) throw new Error(`${who} still hears ${name}: received peak ${peak.toFixed(4)}.`)
  }
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

/**
 * One visit, start to end, as steps that share the people's pages: a failing step names itself, and the steps
 * after it still run (each one checks its own outcome; a step that needs an earlier one's result fails on that,
 * by name, rather than hiding the rest).
 */
describe('video visit: a practitioner and two patients from the link to the end', { timeout: 120_000 }, () => {
  let visit: Awaited<ReturnType<typeof bookVideoVisit>>
  let alex: (typeof visit.patients)[0], blair: (typeof visit.patients)[0]
  let doctor: Page, alexPage: Page, blairPage: Page, alexContext: BrowserContext
  let doctorName: string
  const alexTileForDoctor = () => doctor.locator(`[data-testid="participant-tile"][data-name="Alex"]`)
  const tileOf = (page: Page, name: string) => page.locator(`[data-testid="participant-tile"][data-name="${name}"]`)

  beforeAll(async () => {
    visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [2, 3], startsInMinutes: 5 })
    ;[alex, blair] = visit.patients as [(typeof visit.patients)[0], (typeof visit.patients)[0]]
    doctorName = visit.practitioner.displayName
    doctor = relayConsole((await browser.newJourneyPage('practitioner')).page, 'practitioner')
    ;({ context: alexContext, page: alexPage } = await browser.newJourneyPage('alex'))
    relayConsole(alexPage, 'Alex')
    blairPage = relayConsole((await browser.newJourneyPage('blair')).page, 'Blair')
  })
  afterAll(async () => {
    await visit?.remove()
  })

  it('shows the practitioner who is booked and the estimate before anyone arrives', async () => {
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
  })

  it('locks the link after five wrong codes and says until when', async () => {
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
  })

  it('admits patient A with the right code once the lock has passed, into the waiting room', async () => {
    // Fifteen minutes later (the lock is moved into the past, as time would): the right code gets in.
    await adminDb().doc(`invites/${alex.inviteId}`).update({ lockedUntil: new Date(Date.now() - 1_000) })
    await joinWaitingRoom(alexPage, alex.path, alex.code, 'Alex')
  })

  it("checks patient B's camera, microphone (and another one), speaker and screen before joining", async () => {
    await blairPage.goto(blair.path)
    // The token leaves the address bar once read; the tab remembers it for reloads.
    await blairPage.waitForURL((url) => url.pathname === '/join')
    await enterCode(blairPage, blair.code)
    await blairPage.getByLabel('Your name on screen').fill('Blair')
    await blairPage.getByRole('button', { name: 'Continue' }).click()
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
  })

  it('puts patient B in the waiting room', async () => {
    await blairPage.getByTestId('join-visit').click()
    await blairPage.getByTestId('waiting-room').waitFor()
  })

  it('shows the practitioner both patients waiting, and starts the visit', async () => {
    const waiting = doctor.getByTestId('waiting-list')
    await waiting.locator(`[data-patient-id="${alex.id}"]`).getByText('Waiting').waitFor()
    await waiting.locator(`[data-patient-id="${blair.id}"]`).getByText('Waiting').waitFor()
    await doctor.getByTestId('start-visit').click()
    await doctor.getByTestId('visit-stage').waitFor()
    await doctor.getByTestId('dev-media-badge').waitFor()
  })

  it("plays everyone's video for the others", async () => {
    const size = await expectVideoPlaying(alexTileForDoctor().getByTestId('remote-video'))
    vexpect(size.width).toBeGreaterThan(0)
    vexpect(size.height).toBeGreaterThan(0)
    await expectVideoPlaying(tileOf(doctor, 'Blair').getByTestId('remote-video'))
    await alexPage.getByTestId('visit-stage').waitFor()
    await expectVideoPlaying(tileOf(alexPage, doctorName).getByTestId('remote-video'))
    await expectVideoPlaying(tileOf(blairPage, 'Alex').getByTestId('remote-video'))
  })

  it('lets everyone hear everyone else', async () => {
    await expectHearing(doctor, 'Alex', 'The practitioner')
    await expectHearing(doctor, 'Blair', 'The practitioner')
    await expectHearing(alexPage, doctorName, 'Alex')
    await expectHearing(alexPage, 'Blair', 'Alex')
    await blairPage.getByTestId('visit-stage').waitFor()
    await expectHearing(blairPage, doctorName, 'Blair')
    await expectHearing(blairPage, 'Alex', 'Blair')
  })

  it('silences a muted patient for the others and shows Muted; unmuting brings the sound back', async () => {
    await alexPage.getByTestId('toggle-microphone').click()
    await alexTileForDoctor().getByTestId('muted-indicator').waitFor()
    await expectSilence(doctor, 'Alex', 'The practitioner')
    await expectSilence(blairPage, 'Alex', 'Blair')
    await alexPage.getByTestId('toggle-microphone').click()
    await alexTileForDoctor().getByTestId('muted-indicator').waitFor({ state: 'detached' })
    await expectHearing(doctor, 'Alex', 'The practitioner')
    await expectHearing(blairPage, 'Alex', 'Blair')
  })

  it('keeps the sound flowing when a patient switches microphone mid-visit', async () => {
    await alexPage.getByTestId('open-settings').click()
    const microphones = alexPage.getByTestId('microphone-select')
    const options = await microphones.locator('option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value))
    vexpect(options.length).toBeGreaterThanOrEqual(2)
    const other = options.find((value) => value !== '' && value !== options[0]) ?? options[1]!
    const current = await microphones.inputValue()
    await microphones.selectOption(current === other ? options[0]! : other)
    await expectHearing(doctor, 'Alex', 'The practitioner')
    await expectHearing(blairPage, 'Alex', 'Blair')
    await alexPage.getByTestId('open-settings').click()
  })

  it('shows camera off on the other side, and back on', async () => {
    await alexPage.getByTestId('toggle-camera').click()
    await doctor.locator('[data-testid="participant-tile"][data-name="Alex"][data-camera-off="true"]').waitFor()
    await alexPage.getByTestId('toggle-camera').click()
    await doctor.locator('[data-testid="participant-tile"][data-name="Alex"][data-camera-off="false"]').waitFor()
  })

  it("brings patient B back after their tab reloads mid-visit, without the code or Join, seen and heard", async () => {
    await blairPage.reload()
    // Straight back into the live visit: no code, no setup, no Join to press.
    await blairPage.getByTestId('visit-stage').waitFor()
    vexpect(await blairPage.getByTestId('join-visit').count()).toBe(0)
    await expectVideoPlaying(tileOf(doctor, 'Blair').getByTestId('remote-video'))
    await expectVideoPlaying(tileOf(blairPage, doctorName).getByTestId('remote-video'))
    await expectHearing(doctor, 'Blair', 'The practitioner')
  })

  it("shows Reconnecting… while patient A's network is down, and carries on without a reload", async () => {
    const cdp = await alexContext.newCDPSession(alexPage)
    await cdp.send('Network.enable')
    const network = (offline: boolean) =>
      cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await network(true)
    try {
      await alexPage.getByTestId('reconnecting').waitFor()
    } finally {
      await network(false)
    }
    await alexPage.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 })
    await expectVideoPlaying(tileOf(alexPage, doctorName).getByTestId('remote-video'))
    await expectVideoPlaying(alexTileForDoctor().getByTestId('remote-video'))
  })

  it('lets patient A end the call for good, once they confirm: the link no longer admits them', async () => {
    // Asked first; saying no keeps them in the visit.
    const asked = new Promise<string>((resolve) =>
      alexPage.once('dialog', (dialog) => {
        resolve(dialog.message())
        void dialog.dismiss()
      }),
    )
    await alexPage.getByTestId('end-call').click()
    vexpect(await asked).toBe("Leave the visit? You can't rejoin with this link.")
    vexpect(await alexPage.getByTestId('end-call').isEnabled()).toBe(true)
    alexPage.once('dialog', (dialog) => void dialog.accept())
    await alexPage.getByTestId('end-call').click()
    await alexPage.getByTestId('join-problem').and(alexPage.locator('[data-problem="left"]')).waitFor()
    await alexTileForDoctor().waitFor({ state: 'detached', timeout: 40_000 })
    const again = await alexContext.newPage()
    await again.goto(alex.path)
    await again.locator('[data-problem="left"]').waitFor()
  })

  it('ends the visit for everyone when the practitioner ends it, and records who joined', async () => {
    // Closing the tab mid-visit asks first (and staying keeps the visit).
    await expectCloseAsksFirst(doctor)
    doctor.once('dialog', (dialog) => void dialog.accept())
    await doctor.getByTestId('end-call').click()
    await doctor.getByTestId('visit-ended').waitFor()
    await blairPage.locator('[data-problem="finished"]').waitFor()
    const ended = await adminDb().doc(`practices/demo-practice/visits/${visit.appointmentId}`).get()
    vexpect(ended.get('status')).toBe('ended')
    vexpect([...(ended.get('joinedPatientIds') as string[])].sort()).toEqual([alex.id, blair.id].sort())
    vexpect(ended.get('practitionerJoinedAt')).toBeTruthy()
  })
})

describe('video visit: before and outside the visit', () => {
  it('says when the visit opens, and offers no Join button before then', async () => {
    const { page } = await openBookedVisitAsPatient(browser.newPage, 'visit countdown', { practitionerUid: 'demo-dr-chen', patientIndex: 5, startsInMinutes: 40 }, 'Sam')
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

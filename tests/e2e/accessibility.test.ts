/**
 * axe-core on every page a person can reach, in the state they see it: the public pages, the console as the owner,
 * reception and a practitioner, a new appointment and its clash warning, and a patient's whole way into a video
 * visit (and the help for blocked devices) with both sides of the live stage, chat open, and the practitioner's
 * call docked over the console. Any serious or critical violation of WCAG 2.x A/AA (or of a best practice) fails
 * the test, listed page by page (./support/accessibility.ts).
 */
import type { Page } from 'playwright-core'
import { describe, inject, it, onTestFinished } from 'vitest'
import { addPracticeDays, practiceDateOf, practiceInstant } from '../../functions/src/domain/calendar'
import { expectNoSeriousViolations } from './support/accessibility'
import { bookAsReception } from './support/appointments'
import { signIn, signIntoConsole, useBrowser } from './support/browser'
import { clickSlot } from './support/calendar'
import { openBookedVisitAsPatient } from './support/patientJoin'
import { adminDb, bookVideoVisit, wrongCodeFor } from './support/visitFixture'

const seed = inject('seed')
const password = seed.members[0]!.password
const emailOf = (role: string) => seed.members.find((m) => m.role === role)!.email
const DR_PATEL = 'sam.patel@harbourside.example'
const today = practiceDateOf(new Date(), seed.timeZone)

/** Waits until the page has its data: no "Loading …" line and nothing marked busy. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => ![...document.querySelectorAll('p')].some((p) => /^Loading\b.*…$/.test(p.textContent?.trim() ?? '')) && !document.querySelector('[aria-busy="true"]'),
  )
}

/** Opens `path`, waits for its heading and its data, and runs axe on it. */
async function check(page: Page, path: string, heading: string | RegExp, where: string): Promise<void> {
  await page.goto(path)
  await page.getByRole('heading', { name: heading, exact: typeof heading === 'string' }).first().waitFor()
  await settled(page)
  await expectNoSeriousViolations(page, where)
}

describe('accessibility (axe: no serious or critical violations)', () => {
  const browser = useBrowser({ media: true })

  it('on the public pages: sign-in (and its error), not found, member invitation, unsubscribe, a link problem', async () => {
    const { page } = await browser.newPage('axe public pages')
    await check(page, '/signin', 'Sign in', 'the sign-in page')
    await signIn(page, emailOf('staff'), 'not-the-password')
    await page.getByRole('alert').waitFor()
    await expectNoSeriousViolations(page, 'the sign-in page with a wrong password')
    await check(page, '/no/such/page', 'Page not found', 'the not-found page')
    await check(page, new URL(seed.invitation.url).pathname, /^Join /, 'the member invitation page')
    await page.goto('/unsubscribe')
    await page.getByRole('alert').waitFor()
    await expectNoSeriousViolations(page, 'the unsubscribe page (incomplete link)')
    await page.goto('/join/AAAAAAAAAAAAAAAAAAAAAA')
    await page.locator('[data-problem="not-found"]').waitFor()
    await expectNoSeriousViolations(page, 'the join link problem page')
  })

  it("on every console page as the owner, with a new appointment's form and its clash warning", { timeout: 180_000 }, async () => {
    const { page } = await browser.newPage('axe owner console')
    await signIntoConsole(page, emailOf('owner'), password)
    await settled(page)
    await expectNoSeriousViolations(page, "the owner's schedule")
    await check(page, `/calendar?view=day&date=${today}`, 'Calendar', 'the calendar, day view')
    await check(page, `/calendar?view=week&date=${today}`, 'Calendar', 'the calendar, week view')
    await check(page, `/calendar?view=day&date=${addPracticeDays(today, 60)}`, 'Calendar', 'the calendar on a day with no appointments')
    await check(page, '/patients', 'Patients', 'the patients list')
    await check(page, '/patients/demo-patient-01', 'Edit patient', "a patient's record")
    await check(page, '/patients/new', 'New patient', 'the new patient form')
    await check(page, '/contacts', 'Professional contacts', 'the contacts page')
    await check(page, '/templates', 'Reminder templates', 'the templates page')
    await check(page, '/members', 'Members', 'the members page')
    await check(page, '/settings', 'Practice settings', 'the settings page')
    await check(page, '/billing', 'Billing', 'the billing page')
    await check(page, '/audit', 'Audit log', 'the audit log')
    await check(page, '/reports/phone', 'Phone communication report', 'the phone report')

    // A booking three days ahead (no other test's day), then the same slot again from the grid: the clash warning.
    const day = addPracticeDays(today, 3)
    const existing = await bookAsReception('demo-dr-patel', practiceInstant(day, '11:00', seed.timeZone), ['demo-patient-05'])
    onTestFinished(() => adminDb().recursiveDelete(adminDb().doc(`practices/${seed.practiceId}/appointments/${existing}`)))
    await check(page, `/calendar/appointments/${existing}`, 'Appointment', "an appointment's panel")
    await page.getByRole('button', { name: 'Show links and codes' }).click()
    await page.getByRole('list', { name: 'Links and access codes' }).waitFor()
    await expectNoSeriousViolations(page, "an appointment's panel with its links and codes shown")
    await page.goto(`/calendar?view=day&date=${day}&practitioner=demo-dr-patel`)
    await clickSlot(page, 'Dr Sam Patel', '13:00')
    const form = page.locator('form.appointment-form')
    await form.waitFor()
    await expectNoSeriousViolations(page, 'the new appointment form')
    await form.getByLabel('Start time').fill('11:15')
    await form.getByLabel('Location').selectOption({ label: 'In person' })
    await page.getByLabel('Add patient').fill('kowal')
    await page.getByRole('list', { name: 'Matching patients' }).getByRole('button', { name: /^Noah Kowalski/ }).click()
    await page.getByRole('button', { name: 'Save appointment' }).click()
    await page.getByTestId('double-booking').waitFor()
    await expectNoSeriousViolations(page, 'the new appointment form with its clash warning')
  })

  it('on the pages that differ for reception and for a practitioner', { timeout: 120_000 }, async () => {
    const { page: staff } = await browser.newPage('axe reception console')
    await signIntoConsole(staff, emailOf('staff'), password)
    await settled(staff)
    await expectNoSeriousViolations(staff, "reception's schedule")
    await check(staff, `/calendar?view=day&date=${today}`, 'Calendar', "reception's calendar")
    await check(staff, '/templates', 'Reminder templates', "reception's templates page")
    // The phone window, opened from a patient's record (no call placed).
    await check(staff, '/patients/demo-patient-01', 'Edit patient', "a patient's record as reception")
    await staff.getByRole('button', { name: /^Call Emma Thompson/ }).click()
    await staff.getByRole('dialog', { name: /^Call / }).waitFor()
    await expectNoSeriousViolations(staff, 'the phone window')

    const { page: doctor } = await browser.newPage('axe practitioner console')
    await signIntoConsole(doctor, DR_PATEL, password)
    await settled(doctor)
    await expectNoSeriousViolations(doctor, "a practitioner's schedule")
    await check(doctor, `/calendar?view=day&date=${today}`, 'Calendar', "a practitioner's calendar")
    await check(doctor, '/templates', 'Reminder templates', "a practitioner's (read-only) templates page")
    await check(doctor, '/contacts', 'Professional contacts', "a practitioner's contacts page")
  })

  it("on a patient's way in (code, wrong code, name, devices, waiting room), both sides of the live visit, chat open, and the call docked", { timeout: 240_000 }, async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [6], startsInMinutes: 2 })
    onTestFinished(() => visit.remove())
    const link = visit.patients[0]!

    const { page: patient } = await browser.newPage('axe patient')
    await patient.goto(link.path)
    await patient.getByLabel('Access code').waitFor()
    await expectNoSeriousViolations(patient, 'the access code form')
    await patient.getByLabel('Access code').fill(wrongCodeFor(link.code))
    await patient.getByRole('button', { name: 'Continue' }).click()
    await patient.getByTestId('code-error').waitFor()
    await expectNoSeriousViolations(patient, 'the access code form with a wrong code')
    await patient.getByLabel('Access code').fill(link.code)
    await patient.getByRole('button', { name: 'Continue' }).click()
    await patient.getByLabel('Your name on screen').waitFor()
    await expectNoSeriousViolations(patient, 'the screen name form')
    await patient.getByLabel('Your name on screen').fill('Sky')
    await patient.getByRole('button', { name: 'Continue' }).click()
    await patient.getByTestId('join-visit').waitFor()
    await expectNoSeriousViolations(patient, 'the device setup')
    await patient.getByTestId('join-visit').click()
    await patient.getByTestId('waiting-room').waitFor()
    await expectNoSeriousViolations(patient, 'the waiting room')

    const { page: doctor } = await browser.newPage('axe practitioner visit')
    await signIntoConsole(doctor, visit.practitioner.email, password)
    await doctor.goto(`/visits/${visit.appointmentId}`)
    await doctor.locator(`[data-testid="waiting-list"] [data-patient-id="${link.id}"]`).getByText('Waiting').waitFor()
    await expectNoSeriousViolations(doctor, "the practitioner's visit page, a patient waiting")
    await doctor.getByTestId('start-visit').click()
    await doctor.getByTestId('visit-stage').waitFor({ timeout: 90_000 })
    await patient.getByTestId('visit-stage').waitFor({ timeout: 90_000 })
    for (const [side, page] of [['patient', patient], ['practitioner', doctor]] as const) {
      await page.getByTestId('chat-tab').click()
      await page.getByTestId('chat-input').fill(`Hello from the ${side}`)
      await page.getByTestId('chat-input').press('Enter')
      await page.getByTestId('chat-message').filter({ hasText: `Hello from the ${side}` }).waitFor()
      await expectNoSeriousViolations(page, `the live visit stage with the chat open (${side})`)
    }
    await patient.getByTestId('chat-emoji').click()
    // The picker's search results, once its emoji data has loaded.
    const picker = patient.getByTestId('chat-emoji-panel').locator('emoji-picker')
    await picker.locator('input[type="search"]').fill('smile')
    await picker.locator('[role="option"][id^="emo-"]').first().waitFor({ timeout: 60_000 })
    // The picker is a popup over the chat (checked just above), covering part of it by design: only it is checked.
    await expectNoSeriousViolations(patient, 'the emoji picker', { include: ['[data-testid="chat-emoji-panel"]'] })

    // Minimised, the practitioner's call goes on in the dock over the console's pages.
    await doctor.getByTestId('minimise-visit').click()
    const dock = doctor.getByTestId('visit-dock')
    await dock.getByTestId('remote-video').waitFor()
    await settled(doctor)
    await expectNoSeriousViolations(doctor, "the practitioner's schedule with the call docked")
    await doctor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click()
    await doctor.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor()
    await settled(doctor)
    await expectNoSeriousViolations(doctor, 'the calendar with the call docked')
  })
})

describe('accessibility with blocked camera and microphone', () => {
  const browser = useBrowser({ media: 'blocked' })

  it('on the help for allowing them', async () => {
    const { page } = await openBookedVisitAsPatient(browser.newPage, 'axe blocked devices', { practitionerUid: 'demo-dr-patel', patientIndex: 8, startsInMinutes: 5 }, 'Ash')
    await page.getByTestId('permission-help').waitFor()
    await expectNoSeriousViolations(page, 'the device setup with the devices blocked')
  })
})

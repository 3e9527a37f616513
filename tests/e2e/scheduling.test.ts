import type { Page } from 'playwright-core'
import { afterAll, describe, expect as vexpect, inject, it, onTestFinished } from 'vitest'
import { addPracticeDays, practiceDateOf, practiceInstant } from '../../functions/src/domain/calendar'
import { admin, closeClients, eventually, expectCallableError, signedInClient } from '../functions/support/emulators'
import { signIntoConsole, useBrowser } from './support/browser'
import { bookAsReception } from './support/appointments'
import { calendarLinks, clickSlot } from './support/calendar'

const seed = inject('seed')
const password = seed.members[0]!.password
const STAFF = 'reception@harbourside.example'
const DR_PATEL = 'sam.patel@harbourside.example'
const DR_PATEL_UID = 'demo-dr-patel'
const LINK_RULE = "Visit links are shown to reception, the appointment's practitioner and practice owners, until the appointment ends."

const tomorrow = addPracticeDays(practiceDateOf(new Date(), seed.timeZone), 1)
const at = (date: string, time: string) => practiceInstant(date, time, seed.timeZone)

/** Books an appointment with Dr Patel through the callable, as reception, and returns its id. */
const bookAsStaff = (start: Date, patientIds: string[]) => bookAsReception(DR_PATEL_UID, start, patientIds)

async function addPatient(page: Page, search: string, name: string) {
  await page.getByLabel('Add patient').fill(search)
  await page.getByRole('list', { name: 'Matching patients' }).getByRole('button', { name: new RegExp(`^${name}`) }).click()
}

async function openAppointment(page: Page, appointmentId: string) {
  await page.goto(`/calendar/appointments/${appointmentId}`)
  await page.getByRole('heading', { name: 'Appointment', exact: true }).waitFor()
  await page.getByRole('term').filter({ hasText: 'Status' }).waitFor()
}

/** Reception books the appointment; Dr Patel, its practitioner, opens it in the console in a new page. */
async function bookAndOpenAsPractitioner(
  newPage: (name: string) => Promise<{ page: Page }>,
  pageName: string,
  start: Date,
  patientIds: string[],
): Promise<{ page: Page; appointmentId: string }> {
  const appointmentId = await bookAsStaff(start, patientIds)
  const { page } = await newPage(pageName)
  await signIntoConsole(page, DR_PATEL, password)
  await openAppointment(page, appointmentId)
  return { page, appointmentId }
}

async function revealedInvites(page: Page) {
  await page.getByRole('button', { name: 'Show links and codes' }).click()
  const list = page.getByRole('list', { name: 'Links and access codes' })
  await list.waitFor()
  return Promise.all(
    (await list.getByRole('listitem').all()).map(async (item) => ({
      name: await item.getByRole('heading').textContent(),
      link: await item.locator('.appointment-invite-link').textContent(),
      code: await item.locator('.appointment-invite-code').textContent(),
    })),
  )
}

describe('scheduling from the calendar', () => {
  const browser = useBrowser()
  afterAll(closeClients)

  it('lets reception book a video consultation for two patients from an empty slot, refusing a fourth patient', async () => {
    const { page } = await browser.newPage('staff books video consultation')
    await signIntoConsole(page, STAFF, password)
    await page.getByRole('link', { name: 'Calendar' }).click()
    await page.getByRole('heading', { name: 'Calendar', exact: true }).waitFor()

    // Tomorrow, Dr Patel's column only, in day view; all of it kept in the address.
    await page.getByRole('button', { name: 'Day', exact: true }).click()
    await page.waitForURL((url) => url.searchParams.get('view') === 'day')
    await page.getByRole('button', { name: 'Next', exact: true }).click()
    await page.waitForURL((url) => url.searchParams.get('date') === tomorrow)
    await page.getByLabel('Practitioner').selectOption({ label: 'Dr Sam Patel' })
    await page.waitForURL((url) => url.searchParams.get('practitioner') === DR_PATEL_UID)
    const url = new URL(page.url())
    vexpect(url.searchParams.get('date')).toBe(tomorrow)
    vexpect(url.searchParams.get('view')).toBe('day')

    await clickSlot(page, 'Dr Sam Patel', '15:15')
    await page.getByRole('heading', { name: 'New appointment' }).waitFor()
    const form = page.locator('form.appointment-form')
    vexpect(await form.getByLabel('Date').inputValue()).toBe(tomorrow)
    vexpect(await form.getByLabel('Start time').inputValue()).toBe('15:15')
    vexpect(await form.getByLabel('Practitioner').inputValue()).toBe(DR_PATEL_UID)

    await form.getByLabel('Duration (minutes)').fill('30')
    await form.getByLabel('Location').selectOption({ label: 'Video consultation' })
    await addPatient(page, 'charl', 'Charlotte Wilson')
    await addPatient(page, 'kowal', 'Noah Kowalski')
    await addPatient(page, 'jack', 'Jack Ramirez')
    await addPatient(page, 'ava mu', 'Ava Murphy')
    await page.getByRole('alert').filter({ hasText: 'A video consultation can have at most 3 patients.' }).waitFor()
    const chosen = page.getByRole('list', { name: 'Chosen patients' })
    vexpect(await chosen.getByRole('listitem').count()).toBe(3)
    vexpect(await chosen.textContent()).not.toContain('Ava Murphy')

    await page.getByRole('button', { name: 'Remove Jack Ramirez' }).click()
    await form.getByLabel('Notes').fill('Family check-in.')
    await page.getByRole('button', { name: 'Save appointment' }).click()

    await page.getByRole('status').filter({ hasText: 'Appointment saved.' }).waitFor()
    await page.getByRole('heading', { name: 'Appointment', exact: true }).waitFor()
    const panel = page.locator('.appointment-panel')
    const patients = panel.getByRole('list', { name: 'Patients' })
    await patients.waitFor()
    vexpect((await patients.getByRole('listitem').allTextContents()).map((name) => name.trim())).toEqual(['Charlotte Wilson', 'Noah Kowalski'])
    vexpect(await panel.textContent()).toContain('15:15–15:45')
    vexpect(await panel.textContent()).toContain('Video consultation')
    vexpect(await panel.textContent()).toContain('Dr Sam Patel')
    // Reception, who books most visits, sees each patient's link and code and texts one (audited as reception).
    const shown = await revealedInvites(page)
    vexpect(shown.map((invite) => invite.name)).toEqual(['Charlotte Wilson', 'Noah Kowalski'])
    // Booking sent each patient a confirmation with their own link, by the channels they consented to, as the
    // development outbox shows it: Charlotte by email (the mail collection), Noah by text (the fake Twilio).
    const bookedId = new URL(page.url()).pathname.split('/').pop()!
    // Compared by path: the message's link is on the app's public address, the page's on the test's.
    const [charlottePath, noahPath] = shown.map((invite) => new URL(invite.link!).pathname) as [string, string]
    const confirmationMail = await eventually(async () => (await admin().db.doc(`mail/${bookedId}_demo-patient-03_booking_email`).get()).data())
    vexpect(confirmationMail.to).toBe('charlotte.wilson@mail.example')
    vexpect(confirmationMail.message.subject).toContain('Booked: your video consultation with Dr Sam Patel')
    vexpect(confirmationMail.message.text).toContain('Hi Charlotte,')
    vexpect(confirmationMail.message.text).toContain(charlottePath)
    vexpect(confirmationMail.message.text).toContain(shown[0]!.code!)
    vexpect(confirmationMail.message.text).not.toContain('Wilson')
    const confirmationText = await eventually(async () =>
      ((await (await fetch(`${process.env.FAKE_TWILIO_URL}/__messages`)).json()) as { to: string; body: string }[]).find(
        (m) => m.body.includes('is booked for') && m.body.includes(noahPath),
      ),
    )
    vexpect(confirmationText.to).toBe('+61491570121')
    vexpect(confirmationText.body).toContain('Hi Noah,')
    await page.getByRole('button', { name: 'Text link to Noah' }).click()
    await page.getByRole('status').filter({ hasText: 'Link sent to Noah by text message.' }).waitFor()
    // Its reminders are planned per patient and channel and listed with their state.
    const reminders = panel.getByRole('region', { name: 'Reminders' })
    await reminders.getByRole('cell', { name: 'Charlotte Wilson' }).first().waitFor()
    await reminders.getByRole('cell', { name: 'Noah Kowalski' }).first().waitFor()
    // The appointment sits in tomorrow's grid.
    await calendarLinks(page).getByRole('link', { name: /15:15–15:45/ }).waitFor()

    const appointmentId = new URL(page.url()).pathname.split('/').pop()!
    const stored = await admin().db.doc(`practices/${seed.practiceId}/appointments/${appointmentId}`).get()
    vexpect(stored.get('patientIds')).toEqual(['demo-patient-03', 'demo-patient-04'])
    vexpect(stored.get('start').toDate().toISOString()).toBe(at(tomorrow, '15:15').toISOString())
  })

  it('lets the owner turn booking confirmations off in Settings (audited): a booking then sends none', async () => {
    const practice = admin().db.doc(`practices/${seed.practiceId}`)
    // Back on whatever happens: the other tests expect the seeded default.
    onTestFinished(async () => {
      await practice.update({ 'settings.bookingConfirmation': true })
    })
    const { page } = await browser.newPage('owner turns confirmations off')
    await signIntoConsole(page, 'owner@harbourside.example', password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    const toggle = page.getByLabel('Send booking confirmations')
    vexpect(await toggle.isChecked()).toBe(true)
    await toggle.uncheck()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByRole('status').getByText('Settings saved.').waitFor()
    vexpect((await practice.get()).get('settings.bookingConfirmation')).toBe(false)
    const audit = await admin().db.collection(`practices/${seed.practiceId}/audit`).where('action', '==', 'practice.updated').get()
    vexpect(audit.docs.some((d) => String(d.get('details.fields')).split(',').includes('settings.bookingConfirmation'))).toBe(true)

    const appointmentId = await bookAsStaff(at(tomorrow, '08:30'), ['demo-patient-01'])
    const outbox = await admin().db.collection(`practices/${seed.practiceId}/appointments/${appointmentId}/reminders`).where('kind', '==', 'booking-confirmation').get()
    vexpect(outbox.docs.map((d) => [d.id, d.get('state'), d.get('reason')]).sort()).toEqual([
      ['demo-patient-01_booking_email', 'skipped', 'Booking confirmations are turned off'],
      ['demo-patient-01_booking_sms', 'skipped', 'Booking confirmations are turned off'],
    ])
    vexpect((await admin().db.doc(`mail/${appointmentId}_demo-patient-01_booking_email`).get()).exists).toBe(false)

    await page.reload()
    await toggle.check()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByRole('status').getByText('Settings saved.').waitFor()
    vexpect((await practice.get()).get('settings.bookingConfirmation')).toBe(true)
  })

  it('warns before double-booking a practitioner, naming the clash, and books on "Book anyway"', async () => {
    await bookAsStaff(at(tomorrow, '11:00'), ['demo-patient-05'])
    const { page } = await browser.newPage('staff double booking')
    await signIntoConsole(page, STAFF, password)
    await page.goto(`/calendar?view=day&date=${tomorrow}&practitioner=${DR_PATEL_UID}`)
    await clickSlot(page, 'Dr Sam Patel', '13:00')
    const form = page.locator('form.appointment-form')
    await form.getByLabel('Start time').fill('11:15')
    await form.getByLabel('Location').selectOption({ label: 'In person' })
    await addPatient(page, 'kowal', 'Noah Kowalski')
    await page.getByRole('button', { name: 'Save appointment' }).click()

    const warning = page.getByTestId('double-booking')
    await warning.waitFor()
    vexpect(await warning.textContent()).toContain('Dr Sam Patel already has an appointment at this time:')
    vexpect(await warning.textContent()).toContain('11:00–11:30')
    // Nothing was booked yet.
    const atElevenFifteen = () => admin().db.collection(`practices/${seed.practiceId}/appointments`).where('start', '==', at(tomorrow, '11:15')).get()
    vexpect((await atElevenFifteen()).size).toBe(0)

    await warning.getByRole('button', { name: 'Book anyway' }).click()
    await page.getByRole('status').filter({ hasText: 'Appointment saved.' }).waitFor()
    vexpect((await atElevenFifteen()).docs.map((d) => d.get('practitionerId'))).toEqual([DR_PATEL_UID])
  })

  it("shows the appointment's practitioner a different link and 6-digit code for each patient", async () => {
    const { page } = await bookAndOpenAsPractitioner(browser.newPage, 'practitioner sees links', at(tomorrow, '16:30'), ['demo-patient-03', 'demo-patient-04'])
    const invites = await revealedInvites(page)

    vexpect(invites.map((i) => i.name)).toEqual(['Charlotte Wilson', 'Noah Kowalski'])
    for (const invite of invites) {
      vexpect(invite.link).toMatch(new RegExp(`^${inject('baseUrl')}/join/[A-Za-z0-9_-]{22,}$`))
      vexpect(invite.code).toMatch(/^\d{6}$/)
    }
    vexpect(invites[0]!.link).not.toBe(invites[1]!.link)
    vexpect(await page.getByRole('button', { name: 'Copy link' }).count()).toBe(2)
    vexpect(await page.getByRole('button', { name: 'Email link' }).count()).toBe(2)
    vexpect(await page.getByRole('button', { name: 'Text link' }).count()).toBe(2)
  })

  it('shows no link for an appointment that has ended', async () => {
    // Yesterday, so that today's seeded schedule (which other tests count) is left alone.
    const yesterday = addPracticeDays(practiceDateOf(new Date(), seed.timeZone), -1)
    const { page, appointmentId } = await bookAndOpenAsPractitioner(browser.newPage, 'ended appointment', at(yesterday, '10:00'), ['demo-patient-11'])
    await page.getByText(LINK_RULE).waitFor()
    vexpect(await page.getByRole('button', { name: 'Show links and codes' }).count()).toBe(0)
    vexpect(await page.locator('.appointment-invite-link').count()).toBe(0)

    const practitioner = await signedInClient(DR_PATEL, password)
    await expectCallableError(
      practitioner.call('revealInvites', { practiceId: seed.practiceId, appointmentId }),
      'failed-precondition',
      'Links are shown only until the appointment ends.',
    )
  })

  it("stops a cancelled appointment's links from working", async () => {
    const { page, appointmentId } = await bookAndOpenAsPractitioner(browser.newPage, 'cancelled appointment', at(tomorrow, '17:30'), ['demo-patient-06', 'demo-patient-11'])
    vexpect(await revealedInvites(page)).toHaveLength(2)

    await page.getByRole('button', { name: 'Cancel appointment' }).click()
    await page.getByRole('button', { name: 'Confirm cancellation' }).click()
    await page.getByRole('status').filter({ hasText: 'The appointment was cancelled.' }).waitFor()
    await page.getByText('This appointment was cancelled, so its visit links no longer work.').waitFor()
    vexpect(await page.locator('.appointment-invite-link').count()).toBe(0)
    await page.locator('.badge-cancelled').filter({ hasText: 'Cancelled' }).waitFor()

    const practitioner = await signedInClient(DR_PATEL, password)
    await expectCallableError(
      practitioner.call('revealInvites', { practiceId: seed.practiceId, appointmentId }),
      'failed-precondition',
    )
    const invites = await admin()
      .db.collection('invites')
      .where('practiceId', '==', seed.practiceId)
      .where('appointmentId', '==', appointmentId)
      .get()
    vexpect(invites.size).toBe(2)
    vexpect(invites.docs.map((d) => d.get('status'))).toEqual(['revoked', 'revoked'])
  })

  it('shows a practitioner only their own appointments, whatever the address asks for', async () => {
    const { page } = await browser.newPage('practitioner calendar')
    await signIntoConsole(page, DR_PATEL, password)
    await page.goto(`/calendar?date=${practiceDateOf(new Date(), seed.timeZone)}&view=day&practitioner=demo-dr-chen`)
    await page.getByRole('heading', { name: 'Calendar', exact: true }).waitFor()
    const practitioner = page.getByLabel('Practitioner')
    await practitioner.locator('option', { hasText: 'Dr Sam Patel' }).waitFor({ state: 'attached' })
    vexpect(await practitioner.isDisabled()).toBe(true)
    vexpect(await practitioner.inputValue()).toBe(DR_PATEL_UID)
    const today = calendarLinks(page)
    // Dr Patel's seeded day (Liam Nguyen at 09:00) shows; Dr Chen's (William Tanaka at 09:30) does not.
    await today.getByRole('link', { name: /Liam Nguyen/ }).waitFor()
    vexpect(await today.getByRole('link', { name: /William Tanaka/ }).count()).toBe(0)
  })
})

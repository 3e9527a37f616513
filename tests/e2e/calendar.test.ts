import type { Timestamp } from 'firebase-admin/firestore'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { addPracticeDays, practiceDateOf, practiceInstant } from '../../functions/src/domain/calendar'
import { admin, closeClients, eventually } from '../functions/support/emulators'
import { bookAsReception } from './support/appointments'
import { signIntoConsole, useBrowser } from './support/browser'
import { calendarBlock as blockOf, clickSlot, columnMiddle, dragBlock, rowTop, scrollCalendarTo as scrollTo } from './support/calendar'

const seed = inject('seed')
const password = seed.members[0]!.password
const STAFF = 'reception@harbourside.example'
const DR_PATEL_UID = 'demo-dr-patel'
const DR_CHEN_UID = 'demo-dr-chen'
const today = practiceDateOf(new Date(), seed.timeZone)
const at = (date: string, time: string) => practiceInstant(date, time, seed.timeZone)
// A viewer whose computer keeps another zone than the practice's, so a wrong conversion would show.
const viewerZone = seed.timeZone === 'Asia/Kolkata' ? 'America/Denver' : 'Asia/Kolkata'

const book = bookAsReception
const appointmentDoc = (id: string) => admin().db.doc(`practices/${seed.practiceId}/appointments/${id}`)

describe('the calendar', () => {
  const browser = useBrowser()
  afterAll(closeClients)

  it("books from a slot in a practitioner's day-view column with that practitioner and time", async () => {
    const day = addPracticeDays(today, 2)
    const { page } = await browser.newPage('calendar column books', { timezoneId: viewerZone })
    await signIntoConsole(page, STAFF, password)
    await page.goto(`/calendar?view=day&date=${day}`)
    // One column per practitioner.
    const heads = page.locator('.ec-header .ec-col-head')
    await heads.filter({ hasText: 'Dr Sam Patel' }).waitFor()
    expect(await heads.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Dr Sam Patel'), expect.stringContaining('Chen')]))

    await clickSlot(page, 'Dr Sam Patel', '14:45')

    const dialog = page.getByRole('dialog', { name: 'New appointment' })
    await dialog.waitFor()
    const form = dialog.locator('form.appointment-form')
    expect(await form.getByLabel('Date').inputValue()).toBe(day)
    expect(await form.getByLabel('Start time').inputValue()).toBe('14:45')
    expect(await form.getByLabel('Practitioner').inputValue()).toBe(DR_PATEL_UID)
    // The form opens over the calendar, in view, not somewhere above it.
    const box = (await dialog.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeLessThan(800)
    // Its selects are wide enough for their longest option's text (plus the arrow).
    const location = form.getByLabel('Location')
    for (const select of [location, form.getByLabel('Practitioner')]) {
      const { width, needed } = await select.evaluate((el: HTMLSelectElement) => {
        const context = document.createElement('canvas').getContext('2d')!
        context.font = getComputedStyle(el).font
        const longest = Math.max(...[...el.options].map((o) => context.measureText(o.text).width))
        return { width: el.clientWidth, needed: longest + 24 }
      })
      expect(width).toBeGreaterThanOrEqual(needed)
    }

    await location.selectOption({ label: 'In person' })
    await form.getByLabel('Add patient').fill('kowal')
    await page.getByRole('list', { name: 'Matching patients' }).getByRole('button', { name: /^Noah Kowalski/ }).click()
    await page.getByRole('button', { name: 'Save appointment' }).click()
    await page.getByRole('status').filter({ hasText: 'Appointment saved.' }).waitFor()

    const appointmentId = new URL(page.url()).pathname.split('/').pop()!
    const stored = await appointmentDoc(appointmentId).get()
    expect(stored.get('practitionerId')).toBe(DR_PATEL_UID)
    expect(stored.get('start').toDate().toISOString()).toBe(at(day, '14:45').toISOString())
    // The new block sits in Dr Patel's column, not Dr Chen's.
    const block = (await blockOf(page, appointmentId).boundingBox())!
    const middle = block.x + block.width / 2
    expect(Math.abs(middle - (await columnMiddle(page, 'Dr Sam Patel')))).toBeLessThan(Math.abs(middle - (await columnMiddle(page, 'Dr Mei Chen'))))
  })

  it("draws an appointment at 01:30 practice time in the 01:30 row, whatever the viewer's zone", async () => {
    const day = addPracticeDays(today, 3)
    const appointmentId = await book(DR_CHEN_UID, at(day, '01:30'), ['demo-patient-05'])
    const { page } = await browser.newPage('calendar 01:30', { timezoneId: viewerZone })
    await signIntoConsole(page, STAFF, password)
    await page.goto(`/calendar?view=day&date=${day}`)
    const block = blockOf(page, appointmentId)
    await block.waitFor()
    await scrollTo(page, '01:30')
    expect(await block.textContent()).toContain('01:30–02:00')
    const box = (await block.boundingBox())!
    expect(Math.abs(box.y - (await rowTop(page, '01:30')))).toBeLessThanOrEqual(2)
    expect(Math.abs(box.y + box.height - (await rowTop(page, '02:00')))).toBeLessThanOrEqual(2)
  })

  it('lets a keyboard user tab to the grid and scroll its hours on a day with no appointments', async () => {
    const day = addPracticeDays(today, 61)
    const { page } = await browser.newPage('calendar keyboard scroll')
    await signIntoConsole(page, STAFF, password)
    await page.goto(`/calendar?view=day&date=${day}`)
    const grid = page.getByRole('table', { name: 'Calendar, scroll for more hours' })
    await grid.waitFor()
    const gridHasFocus = () => grid.evaluate((el) => el === document.activeElement)
    // Tab from the top of the page: past the console's links and the toolbar, the grid is reached.
    for (let presses = 0; presses < 40 && !(await gridHasFocus()); presses++) await page.keyboard.press('Tab')
    expect(await gridHasFocus()).toBe(true)
    const scrollTop = () => grid.evaluate((el) => el.scrollTop)
    const before = await scrollTop()
    await page.keyboard.press('PageDown')
    await expect.poll(scrollTop).toBeGreaterThan(before)
  })

  it('saves a dragged appointment through saveAppointment: its start and its planned reminders move', async () => {
    const day = addPracticeDays(today, 4)
    const appointmentId = await book(DR_PATEL_UID, at(day, '10:00'), ['demo-patient-03'])
    const reminders = () => appointmentDoc(appointmentId).collection('reminders').where('state', '==', 'scheduled').get()
    await eventually(async () => ((await reminders()).size > 0 ? true : undefined))

    const { page } = await browser.newPage('calendar drag', { timezoneId: viewerZone })
    await signIntoConsole(page, STAFF, password)
    await page.goto(`/calendar?view=day&date=${day}`)
    const block = blockOf(page, appointmentId)
    await block.waitFor()
    await scrollTo(page, '10:00')
    const box = (await block.boundingBox())!
    expect(Math.abs(box.y - (await rowTop(page, '10:00')))).toBeLessThanOrEqual(2)
    // Down by one hour: four 15-minute rows.
    await dragBlock(page, appointmentId, 4)

    await page.getByRole('status').filter({ hasText: 'Appointment moved to 11:00–11:30.' }).waitFor()
    const stored = await appointmentDoc(appointmentId).get()
    expect(stored.get('start').toDate().toISOString()).toBe(at(day, '11:00').toISOString())
    expect(stored.get('end').toDate().toISOString()).toBe(at(day, '11:30').toISOString())
    expect(stored.get('practitionerId')).toBe(DR_PATEL_UID)
    // planReminders moved every reminder still to be sent: each is due its offset before the new start.
    const moved = await eventually(async () => {
      const docs = (await reminders()).docs
      const right = docs.every((d) => (d.get('dueAt') as Timestamp).toMillis() === at(day, '11:00').getTime() - d.get('offsetHours') * 3_600_000)
      return docs.length > 0 && right ? docs : undefined
    })
    expect(moved.length).toBeGreaterThan(0)
  })

  it('puts a block dragged onto a clash back and names the clash, and "Move anyway" moves it', async () => {
    const day = addPracticeDays(today, 5)
    const first = await book(DR_PATEL_UID, at(day, '09:00'), ['demo-patient-04'])
    const second = await book(DR_PATEL_UID, at(day, '10:00'), ['demo-patient-06'])
    const { page } = await browser.newPage('calendar drag clash')
    await signIntoConsole(page, STAFF, password)
    await page.goto(`/calendar?view=day&date=${day}&practitioner=${DR_PATEL_UID}`)
    const block = blockOf(page, second)
    await blockOf(page, first).waitFor()
    await scrollTo(page, '10:00')
    // Up by 45 minutes, onto the 09:00 appointment.
    await dragBlock(page, second, -3)

    const warning = page.getByTestId('double-booking')
    await warning.waitFor()
    expect(await warning.textContent()).toContain('Dr Sam Patel already has an appointment at this time:')
    expect(await warning.textContent()).toContain('09:00–09:30')
    // Refused: the block is back at 10:00 and the stored start is unchanged.
    expect(Math.abs((await block.boundingBox())!.y - (await rowTop(page, '10:00')))).toBeLessThanOrEqual(2)
    expect((await appointmentDoc(second).get()).get('start').toDate().toISOString()).toBe(at(day, '10:00').toISOString())

    await warning.getByRole('button', { name: 'Move anyway' }).click()
    await page.getByRole('status').filter({ hasText: 'Appointment moved to 09:15–09:45.' }).waitFor()
    expect((await appointmentDoc(second).get()).get('start').toDate().toISOString()).toBe(at(day, '09:15').toISOString())
  })
})

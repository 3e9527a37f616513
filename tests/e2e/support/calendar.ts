/**
 * The console calendar's grid (EventCalendar's resource time grid) as a person sees it: rows from 00:00, one per
 * 15 minutes, and in the day view one column per practitioner, headed by their name.
 */
import type { Page } from 'playwright-core'

/** Pixels per 15-minute slot (CalendarGrid's slotHeight). */
export const SLOT_PX = 20

/** The calendar block of an appointment: our block inside the library's event element. */
export const calendarBlock = (page: Page, appointmentId: string) =>
  page.locator('.ec-event').filter({ has: page.locator(`a[href*="/calendar/appointments/${appointmentId}"]`) })

/** Every appointment link drawn on the grid. */
export const calendarLinks = (page: Page) => page.locator('.ec-body .ec-event')

/** The page y of the top of the row for practice wall time `time` ('HH:mm'): the grid's top plus the slots before it. */
export async function rowTop(page: Page, time: string): Promise<number> {
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  const grid = (await page.locator('.ec-body > .ec-grid').boundingBox())!
  return grid.y + ((hours * 60 + minutes) / 15) * SLOT_PX
}

/** Scrolls the calendar (and the page) so that the hour of `time` is in the middle of the window. */
export async function scrollCalendarTo(page: Page, time: string): Promise<void> {
  await page
    .locator(`.ec-body .ec-sidebar time[datetime$="T${time.slice(0, 2)}:00:00"]`)
    .evaluate((el) => el.scrollIntoView({ block: 'center' }))
}

/** The page x of the middle of a practitioner's column in the day view. */
export async function columnMiddle(page: Page, practitionerName: string): Promise<number> {
  const head = page.locator('.ec-header .ec-col-head').filter({ hasText: practitionerName })
  const box = (await head.boundingBox())!
  return box.x + box.width / 2
}

/** Clicks the empty slot at `time` in a practitioner's day-view column, as a person books from the grid. */
export async function clickSlot(page: Page, practitionerName: string, time: string): Promise<void> {
  await page.locator('.ec-header .ec-col-head').filter({ hasText: practitionerName }).waitFor()
  await scrollCalendarTo(page, time)
  await page.mouse.click(await columnMiddle(page, practitionerName), (await rowTop(page, time)) + SLOT_PX / 2)
}

/** Drags a block by `slots` rows (negative = earlier), holding it near its top (its lower edge resizes). */
export async function dragBlock(page: Page, appointmentId: string, slots: number): Promise<void> {
  const box = (await calendarBlock(page, appointmentId).boundingBox())!
  const x = box.x + box.width / 2
  const y = box.y + 8
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x, y + (slots / 2) * SLOT_PX, { steps: 5 })
  await page.mouse.move(x, y + slots * SLOT_PX, { steps: 5 })
  await page.mouse.up()
}

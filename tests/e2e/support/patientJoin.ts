import type { Page } from 'playwright-core'
import { onTestFinished } from 'vitest'
import { bookVideoVisit, type BookedVisit } from './visitFixture'

/**
 * A patient opens their link and gets past its first two steps, the access code and the name on screen, to the
 * device check (or the countdown, or the help for blocked devices) that the test is about.
 */
export async function openVisitLink(page: Page, link: { path: string; code: string }, screenName: string): Promise<void> {
  await page.goto(link.path)
  await page.getByLabel('Access code').fill(link.code)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('Your name on screen').fill(screenName)
  await page.getByRole('button', { name: 'Continue' }).click()
}

/**
 * Books a video visit for one demo patient (removed when the test finishes) and opens its link as that patient,
 * in a new page, up to the device check.
 */
export async function openBookedVisitAsPatient(
  newPage: (name: string) => Promise<{ page: Page }>,
  pageName: string,
  booking: { practitionerUid: string; patientIndex: number; startsInMinutes: number },
  screenName: string,
): Promise<{ visit: BookedVisit; page: Page }> {
  const visit = await bookVideoVisit({ practitionerUid: booking.practitionerUid, patientIndexes: [booking.patientIndex], startsInMinutes: booking.startsInMinutes })
  onTestFinished(() => visit.remove())
  const { page } = await newPage(pageName)
  await openVisitLink(page, visit.patients[0]!, screenName)
  return { visit, page }
}

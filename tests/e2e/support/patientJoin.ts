import type { Page } from 'playwright-core'

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

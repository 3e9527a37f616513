import { mkdirSync, writeFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject, onTestFinished } from 'vitest'
import { launchChromium } from '../../support/chromium'
import { watchDeployedPages } from './deployedPageChecks'

/**
 * One Chromium per test file; each test opens its own context (fresh storage = a fresh person). A failing
 * test leaves a screenshot of every page it opened in test-results/, and beside it what the page said on its console
 * (its warnings and errors: the app's own diagnostics, such as a failed listener). Every test also fails on a CSP violation
 * or a response without the hosting headers on any of its pages (./deployedPageChecks.ts).
 */
export function useBrowser({ media = false }: { media?: boolean | 'blocked' } = {}) {
  let browser: Browser
  const problems: string[] = []
  beforeAll(async () => {
    browser = await launchChromium({ media })
  })
  afterAll(async () => {
    await browser?.close()
  })
  afterEach(() => {
    const found = problems.splice(0)
    expect(found, 'CSP violations and header problems on the pages this test opened').toEqual([])
  })

  // Pages shared by the steps of a journey (see newJourneyPage): a failing step leaves a screenshot of each.
  const journeyPages: { name: string; page: Page }[] = []
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      mkdirSync('test-results', { recursive: true })
      const safe = task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()
      await Promise.all(
        journeyPages.filter(({ page }) => !page.isClosed()).map(({ name, page }) => page.screenshot({ path: `test-results/${safe}-${name}.png`, fullPage: true }).catch(() => {})),
      )
    })
  })

  return {
    baseUrl: inject('baseUrl'),
    /** Takes the problems found so far (for a test that causes some on purpose), so they don't fail the test. */
    takeProblems: () => problems.splice(0),
    /** A fresh person's page; `timezoneId` puts their computer's clock in another zone (a patient abroad). */
    async newPage(testName: string, { timezoneId }: { timezoneId?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ baseURL: inject('baseUrl'), viewport: { width: 1280, height: 800 }, locale: 'en-US', ...(timezoneId ? { timezoneId } : {}) })
      await watchDeployedPages(context, inject('baseUrl'), problems)
      const page = await context.newPage()
      const said: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'warning' || message.type() === 'error') said.push(`${new Date().toISOString()} ${message.type()}: ${message.text()}`)
      })
      page.on('pageerror', (error) => said.push(`${new Date().toISOString()} uncaught: ${error.message}`))
      onTestFinished(async ({ task }) => {
        if (task.result?.state === 'fail') {
          mkdirSync('test-results', { recursive: true })
          const safe = testName.replace(/[^a-z0-9]+/gi, '-').toLowerCase()
          await Promise.all(context.pages().map((p, i) => p.screenshot({ path: `test-results/${safe}-${i}.png`, fullPage: true })))
          writeFileSync(`test-results/${safe}-console.log`, said.join('\n') + '\n')
        }
        await context.close()
      })
      return { context, page }
    },
    /**
     * A person's page that lives across the steps (tests) of one journey: open it in `beforeAll`; it stays open
     * until the file ends, and every failing step screenshots it as `test-results/<step>-<name>.png`.
     */
    async newJourneyPage(name: string): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ baseURL: inject('baseUrl'), viewport: { width: 1280, height: 800 } })
      const page = await context.newPage()
      journeyPages.push({ name, page })
      return { context, page }
    },
  }
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Signs in and waits until the console shows today's schedule (the landing page after sign-in). */
export async function signIntoConsole(page: Page, email: string, password: string): Promise<void> {
  await signIn(page, email, password)
  await page.getByRole('heading', { name: "Today's schedule" }).waitFor()
}

/**
 * Closing the tab during a call asks first (the browser's beforeunload prompt), and staying keeps the page: the
 * prompt is dismissed and the page must still be open.
 */
export async function expectCloseAsksFirst(page: Page): Promise<void> {
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.type())
      void dialog.dismiss()
    }),
  )
  await page.close({ runBeforeUnload: true })
  expect(await asked).toBe('beforeunload')
  expect(page.isClosed()).toBe(false)
}

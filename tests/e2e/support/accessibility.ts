/**
 * Accessibility checks with axe-core, run inside the page as the person sees it. The pages are served with the
 * strict Content-Security-Policy, which refuses an injected <script> (page.addScriptTag) and the suite fails on any
 * refusal, so axe's source is evaluated through the DevTools protocol (page.evaluate of a string), which the page's
 * CSP does not govern; the policy itself is never weakened.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AxeResults, Result, RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (their serious ones are real problems too). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']

/**
 * Rules turned off, each with why. Keep it short: fix the page instead whenever the markup is ours.
 */
const DISABLED_RULES: Record<string, string> = {}

const FAILING_IMPACTS = new Set(['serious', 'critical'])

/** What part of the page axe looks at: `include` (default the whole document) minus `exclude`, as selectors. */
export interface AxeScope {
  include?: string[]
  exclude?: string[]
}

declare global {
  interface Window {
    axe?: { run(context: unknown, options: RunOptions): Promise<AxeResults> }
  }
}

/** The serious and critical violations axe finds on the page now, one readable block each. */
export async function seriousViolations(page: Page, { include = [], exclude = [] }: AxeScope = {}): Promise<string[]> {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource)
  const options: RunOptions = {
    runOnly: { type: 'tag', values: TAGS },
    rules: Object.fromEntries(Object.keys(DISABLED_RULES).map((id) => [id, { enabled: false }])),
    resultTypes: ['violations'],
  }
  const results = await page.evaluate(
    ({ options, include, exclude }) =>
      window.axe!.run({ include: include.length ? include.map((s) => [s]) : [document], exclude: exclude.map((s) => [s]) }, options),
    { options, include, exclude },
  )
  return results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? '')).map(describeViolation)
}

function describeViolation(v: Result): string {
  const nodes = v.nodes.slice(0, 5).map((n) => {
    const snippet = n.html.replace(/\s+/g, ' ').slice(0, 160)
    const why = (n.failureSummary ?? '').split('\n').slice(1).join(' ').trim().slice(0, 200)
    return `    at ${n.target.join(' > ')}\n      ${snippet}${why ? `\n      ${why}` : ''}`
  })
  const more = v.nodes.length > 5 ? [`    … and ${v.nodes.length - 5} more`] : []
  return [`  ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`, ...nodes, ...more].join('\n')
}

/**
 * Fails the test (softly, so one walk through many pages reports every page) if axe finds a serious or critical
 * violation of WCAG 2.x A/AA or a best practice on the page as it is now. `where` names the page and its state.
 * `scope` narrows the check (a popup over a page already checked); give the reason at the call site.
 */
export async function expectNoSeriousViolations(page: Page, where: string, scope: AxeScope = {}): Promise<void> {
  const found = await seriousViolations(page, scope)
  expect.soft(found, `axe found serious or critical violations on ${where}:\n${found.join('\n')}\n`).toEqual([])
}

/**
 * What every e2e page is checked for beyond its own assertions, because the app is served as Firebase Hosting
 * will serve it: no Content-Security-Policy violation (the `securitypolicyviolation` events of each page and
 * Chromium's console reports of them, which also cover workers), and every response from our origin carrying the
 * security headers of firebase.json with the right caching.
 */
import type { BrowserContext, Response } from 'playwright-core'
import { HASHED_ASSETS, IMMUTABLE, NO_CACHE, securityHeaders } from '../../../scripts/lib/hostingHeaders'

const REQUIRED = securityHeaders().map((h) => h.key.toLowerCase())
const assetsPrefix = HASHED_ASSETS.replace('**', '')

declare global {
  interface Window {
    reportCspViolation?: (violation: { directive: string; blocked: string; source: string }) => void
  }
}

/** Starts collecting the context's problems into `problems` (one readable line each). */
export async function watchDeployedPages(context: BrowserContext, baseUrl: string, problems: string[]): Promise<void> {
  await context.exposeBinding('reportCspViolation', ({ page }, v: { directive: string; blocked: string; source: string }) => {
    problems.push(`CSP violation on ${page.url()}: ${v.directive} blocked ${v.blocked || '(inline)'} (${v.source})`)
  })
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation?.({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
      })
    })
  })
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`CSP report on ${message.page()?.url() ?? 'a worker'}: ${message.text()}`)
  })
  context.on('response', (response) => void checkHeaders(response, baseUrl, problems))
}

async function checkHeaders(response: Response, baseUrl: string, problems: string[]): Promise<void> {
  // A blob: document (a chat file opened in the browser) is made by the page, not served by Hosting.
  if (response.url().startsWith('blob:')) return
  const url = new URL(response.url())
  if (url.origin !== baseUrl || response.status() >= 400) return
  const headers = await response.allHeaders().catch(() => null)
  if (!headers) return
  // Chromium's HTTP cache does not store Strict-Transport-Security (it is the host's security state, not the
  // response's content), so an immutable asset read back from the disk cache comes without it. The host's policy
  // arrives with every document and uncached file, which are checked for it.
  const required = url.pathname.startsWith(assetsPrefix) ? REQUIRED.filter((key) => key !== 'strict-transport-security') : REQUIRED
  const missing = required.filter((key) => !headers[key])
  if (missing.length) problems.push(`${url.pathname} came without ${missing.join(', ')}`)
  const expectedCache = url.pathname.startsWith(assetsPrefix) ? IMMUTABLE : NO_CACHE
  if (headers['cache-control'] !== expectedCache) {
    problems.push(`${url.pathname} came with Cache-Control "${headers['cache-control'] ?? ''}", not "${expectedCache}"`)
  }
}

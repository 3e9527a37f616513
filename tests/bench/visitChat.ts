/**
 * Chat figures, in Chromium against the emulators and the local clamd: a practitioner and a patient in a live
 * visit (development media).
 * - message latency: from the sender's Enter to the message rendered on the other participant's page, over 200
 *   messages sent one after another (both pages read the same clock: one browser on one machine);
 * - a 5 MB PDF: from "Scan for viruses and share" to its link rendered on the other side, then to its bytes open
 *   in a new tab there, and how much of it was the virus scan (scanAttachment's own measure of clamd).
 */
import type { Browser, Page } from 'playwright-core'
import type { ScanAttachmentResult } from '../../functions/src/domain/attachments'
import { aPdfFile, openLiveChatVisit } from '../e2e/support/chatVisit'

export interface ChatBench {
  messages: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  file: { bytes: number; shareToLinkMs: number; linkToOpenMs: number; scanMs: number; uploadMs: number; scanCallMs: number; coldShareToLinkMs: number }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

/** Shares `bytes` as `name` from `from` and waits for its link on `to`; returns the milliseconds it took. */
async function shareAndWait(from: Page, to: Page, name: string, bytes: Buffer): Promise<number> {
  await from.getByTestId('chat-file-input').setInputFiles({ name, mimeType: 'application/pdf', buffer: bytes })
  const started = performance.now()
  await from.getByTestId('chat-share-confirm').click()
  await to.locator(`[data-testid="chat-file"][data-name="${name}"]`).getByTestId('chat-file-open').waitFor({ timeout: 180_000 })
  return performance.now() - started
}

/** Records, on the receiving page, when each message text first appears. */
async function watchArrivals(page: Page): Promise<void> {
  // The observer's callback is written inline, unnamed: tsx keeps function names by wrapping named ones in a
  // `__name` helper that exists only in Node, not in the page.
  await page.evaluate(() => {
    const seen = new Map<string, number>()
    ;(window as unknown as { chatArrivals: Map<string, number> }).chatArrivals = seen
    new MutationObserver(() => {
      const now = performance.timeOrigin + performance.now()
      for (const el of document.querySelectorAll('[data-testid="chat-message"]')) {
        const text = el.textContent ?? ''
        if (!seen.has(text)) seen.set(text, now)
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true })
  })
}

/** Types `text` and presses Enter inside the page, returning the moment Enter was pressed. */
function sendFromPage(page: Page, text: string): Promise<number> {
  return page.evaluate((value) => {
    const input = document.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement
    input.value = value
    input.dispatchEvent(new Event('input'))
    const at = performance.timeOrigin + performance.now()
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    return at
  }, text)
}

export async function benchVisitChat(browser: Browser, baseUrl: string, count = 200): Promise<ChatBench> {
  const contexts: Awaited<ReturnType<Browser['newContext']>>[] = []
  const newPage = async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } })
    contexts.push(context)
    return { context, page: await context.newPage() }
  }
  const { visit, doctor, patient } = await openLiveChatVisit(newPage, { patientIndex: 6, patientName: 'Bench' })
  try {
    await doctor.getByTestId('chat-tab').click()
    await patient.getByTestId('chat-tab').click()
    await watchArrivals(doctor)
    // One message first, so listeners and connections are warm.
    await sendFromPage(patient, 'warm-up')
    await doctor.getByTestId('chat-message').filter({ hasText: 'warm-up' }).waitFor()

    const latencies: number[] = []
    for (let i = 0; i < count; i++) {
      const text = `bench message ${i}`
      const sentAt = await sendFromPage(patient, text)
      const arrivedAt = await doctor.waitForFunction(
        (t) => (window as unknown as { chatArrivals: Map<string, number> }).chatArrivals.get(t),
        text,
        { polling: 'raf', timeout: 30_000 },
      )
      latencies.push(((await arrivedAt.jsonValue()) as number) - sentAt)
    }
    latencies.sort((a, b) => a - b)

    // A small file first: its share meets the scan function cold (the emulator loads a function on its first call,
    // as a deployed one cold-starts); the 5 MB one after it shows the steady state.
    const coldShareToLinkMs = await shareAndWait(patient, doctor, 'warm-up.pdf', aPdfFile(2_000))

    // A 5 MB PDF from the patient to the practitioner.
    const pdf = aPdfFile(5 * 1024 * 1024)
    const scanned = new Promise<ScanAttachmentResult>((resolve) => {
      patient.on('response', async (response) => {
        if (response.url().includes('scanAttachment')) resolve(((await response.json()) as { result: ScanAttachmentResult }).result)
      })
    })
    let uploadedAt = 0
    let scannedAt = 0
    patient.on('request', (request) => {
      if (request.url().includes('scanAttachment')) uploadedAt = performance.now()
    })
    patient.on('response', (response) => {
      if (response.url().includes('scanAttachment')) scannedAt = performance.now()
    })
    await patient.getByTestId('chat-file-input').setInputFiles({ name: 'bench.pdf', mimeType: 'application/pdf', buffer: pdf })
    const shareAt = performance.now()
    await patient.getByTestId('chat-share-confirm').click()
    const link = doctor.locator('[data-testid="chat-file"][data-name="bench.pdf"]').getByTestId('chat-file-open')
    await link.waitFor({ timeout: 180_000 })
    const linkAt = performance.now()
    const [tab] = await Promise.all([doctor.context().waitForEvent('page'), link.click()])
    await tab.waitForURL(/^blob:/, { timeout: 60_000 })
    const openAt = performance.now()
    const { scanMs } = await scanned
    return {
      messages: count,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      maxMs: latencies.at(-1)!,
      file: { bytes: pdf.length, shareToLinkMs: linkAt - shareAt, linkToOpenMs: openAt - linkAt, scanMs, uploadMs: uploadedAt - shareAt, scanCallMs: scannedAt - uploadedAt, coldShareToLinkMs },
    }
  } finally {
    await Promise.all(contexts.map((c) => c.close()))
    await visit.remove()
  }
}

/**
 * A live video visit with its chat, for the chat and stage e2e tests and the chat bench: the practitioner in one
 * browser context on the console's visit page, one patient in another on the join page, the visit started.
 * Booked from two minutes from now for 30 minutes, unless `startsInMinutes` and `minutes` say otherwise.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../../scripts/seed/demoPractice'
import { signIntoConsole } from './browser'
import { bookVideoVisit, type BookedVisit } from './visitFixture'

export interface ChatVisitPages {
  visit: BookedVisit
  doctor: Page
  doctorContext: BrowserContext
  patient: Page
  patientContext: BrowserContext
  patientName: string
}

export async function openLiveChatVisit(
  newPage: (name: string) => Promise<{ context: BrowserContext; page: Page }>,
  options: { patientIndex: number; patientName: string; startsInMinutes?: number; minutes?: number },
): Promise<ChatVisitPages> {
  const visit = await bookVideoVisit({
    practitionerUid: 'demo-dr-chen',
    patientIndexes: [options.patientIndex],
    startsInMinutes: options.startsInMinutes ?? 2,
    minutes: options.minutes,
  })
  const patientLink = visit.patients[0]!
  const { page: doctor, context: doctorContext } = await newPage('chat practitioner')
  await signIntoConsole(doctor, visit.practitioner.email, DEMO_PASSWORD)
  await doctor.goto(`/visits/${visit.appointmentId}`)

  const { page: patient, context: patientContext } = await newPage('chat patient')
  await patient.goto(patientLink.path)
  await patient.getByLabel('Access code').fill(patientLink.code)
  await patient.getByRole('button', { name: 'Continue' }).click()
  await patient.getByLabel('Your name on screen').fill(options.patientName)
  await patient.getByRole('button', { name: 'Continue' }).click()
  await patient.getByTestId('join-visit').click()
  await patient.getByTestId('waiting-room').waitFor()

  await doctor.locator(`[data-testid="waiting-list"] [data-patient-id="${patientLink.id}"]`).getByText('Waiting').waitFor()
  await doctor.getByTestId('start-visit').click()
  await doctor.getByTestId('visit-stage').waitFor({ timeout: 90_000 })
  await patient.getByTestId('visit-stage').waitFor({ timeout: 90_000 })
  return { visit, doctor, doctorContext, patient, patientContext, patientName: options.patientName }
}

/** Types `text` into the chat of `page` and presses Enter. */
export async function sendChatMessage(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('chat-input')
  await input.fill(text)
  await input.press('Enter')
}

/** A minimal valid PDF of about `size` bytes (a comment pads it), so the browser's viewer can open it. */
export function aPdfFile(size = 2_000): Buffer {
  const head = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n'
  const tail = 'trailer<</Root 1 0 R>>\n%%EOF\n'
  const padding = Math.max(0, size - head.length - tail.length - 2)
  return Buffer.from(`${head}%${'x'.repeat(padding)}\n${tail}`)
}

/** The EICAR test file, from two halves so no scanner flags this source file. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-' + 'ANTIVIRUS-TEST-FILE!$H+H*')

/** Drops files on the chat panel, as dragging them from the desktop would. */
export async function dropFiles(page: Page, files: { name: string; mimeType: string; bytes: Buffer }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType, base64: f.bytes.toString('base64') }))
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer()
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))
      transfer.items.add(new File([bytes], f.name, { type: f.type }))
    }
    return transfer
  }, payload)
  await page.locator('#visit-chat-panel').dispatchEvent('drop', { dataTransfer })
}

/**
 * The browser phone in Chromium against the emulators and the local Twilio (development line): reception calls a
 * patient from the patient page, the call rings, is answered, held, resumed, muted and hung up, survives a change
 * of page, and shows in Reports › Phone with its duration and credits; busy and no answer cost nothing.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { DEMO_PHONE_NUMBER, demoPatients } from '../../scripts/seed/demoPractice'
import { admin, closeClients } from '../functions/support/emulators'
import { signIntoConsole, useBrowser } from './support/browser'

const seed = inject('seed')
const reception = seed.members.find((m) => m.role === 'staff')!
const owner = seed.members.find((m) => m.role === 'owner')!
const drChen = seed.members.find((m) => m.email.startsWith('mei.chen'))!
const fakeTwilio = process.env.FAKE_TWILIO_URL ?? ''
const [answering, busy, silent] = [demoPatients[0]!, demoPatients[1]!, demoPatients[2]!]

async function callee(to: string, behaviour: Record<string, unknown>) {
  await fetch(`${fakeTwilio}/__voice/callee`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ to, ...behaviour }) })
}

const callsOf = async (patientId: string) =>
  (await admin().db.collection(`practices/${seed.practiceId}/calls`).where('recipient.id', '==', patientId).get()).docs.map((d) => d.data())

async function openPatient(page: Page, patientId: string) {
  await page.goto(`/patients/${patientId}`)
  await page.getByRole('heading', { name: 'Edit patient' }).waitFor()
}

const phoneWindow = (page: Page) => page.getByRole('dialog', { name: /^Call / })
const status = (page: Page) => page.getByTestId('phone-status')

afterAll(async () => {
  await closeClients()
})

describe('browser phone', () => {
  const browser = useBrowser()

  // A generous timeout: the first Hold meets a cold holdCall function, which a loaded machine may take long to load.
  it('reception calls a patient: ringing, answered, timer, hold and resume, mute, hang up; then the report shows it', { timeout: 240_000 }, async () => {
    await callee(answering.mobile, { mode: 'answer', ringMs: 1500, hangUpAfterMs: null })
    const { page } = await browser.newPage('phone call journey')
    await signIntoConsole(page, reception.email, reception.password)
    await openPatient(page, answering.id)
    await page.getByRole('button', { name: new RegExp(`^Call ${answering.firstName} ${answering.lastName}`) }).click()
    const window = phoneWindow(page)
    await window.waitFor()
    await window.getByTestId('dev-phone-badge').waitFor()
    await window.getByRole('button', { name: 'Call', exact: true }).click()

    await status(page).filter({ hasText: 'Ringing' }).waitFor()
    await status(page).filter({ hasText: 'Connected' }).waitFor()
    await page.getByTestId('phone-timer').filter({ hasText: /^00:0[1-9]$/ }).waitFor()

    await window.getByRole('button', { name: 'Hold' }).click()
    await status(page).filter({ hasText: 'On hold' }).waitFor({ timeout: 120_000 })
    const callSid = (await callsOf(answering.id)).at(-1)!.callSid as string
    const standIn = (await (await fetch(`${fakeTwilio}/__voice/calls/${callSid}`)).json()) as { held: boolean }
    expect(standIn.held).toBe(true)
    await window.getByRole('button', { name: 'Resume' }).click()
    await status(page).filter({ hasText: 'Connected' }).waitFor({ timeout: 60_000 })

    await window.getByRole('button', { name: 'Mute' }).click()
    expect(await window.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true')

    // Moving to another page keeps the call.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click()
    await page.getByRole('heading', { name: 'Professional contacts' }).waitFor()
    await status(page).filter({ hasText: 'Connected' }).waitFor()

    await window.getByRole('button', { name: 'Hang up' }).click()
    await page.getByTestId('phone-message').filter({ hasText: 'Call ended.' }).waitFor()
    await window.getByRole('button', { name: 'Close' }).click()

    const logged = await (async () => {
      for (let i = 0; i < 50; i++) {
        const entry = (await callsOf(answering.id)).find((c) => c.callSid === callSid)
        if (entry?.status === 'completed') return entry
        await new Promise((r) => setTimeout(r, 200))
      }
      throw new Error('The call was not logged as completed.')
    })()
    expect(logged.credits).toBe(Math.ceil((logged.durationSeconds as number) / 60))

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports › Phone' }).click()
    await page.getByRole('heading', { name: 'Phone communication report' }).waitFor()
    await page.getByLabel('Recipient').fill(`${answering.firstName} ${answering.lastName}`)
    await page.getByLabel('Status').selectOption('completed')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    const row = page.getByTestId('report-row').filter({ hasText: `${answering.firstName} ${answering.lastName}` }).first()
    await row.waitFor()
    const text = await row.textContent()
    expect(text).toContain('Completed')
    expect(text).toContain('Riley Jones')
    expect(text).toContain(`0:${String(logged.durationSeconds).padStart(2, '0')}`)
    await page.getByTestId('report-totals').waitFor()

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.split('\r\n')[0]).toBe('Started,Ended,Recipient,Number,Status,On behalf of,Placed by,From,Connected (s),Credits')
    expect(csv).toContain(`${answering.firstName} ${answering.lastName},${answering.mobile},completed,Riley Jones,Riley Jones,${DEMO_PHONE_NUMBER}`)

    await page.getByLabel('Status').selectOption('busy')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.getByText('No calls match.').waitFor()
  })

  it.each([
    ['busy', busy, 'The line is busy. Try again later.'],
    ['no-answer', silent, 'No answer.'],
  ] as const)('shows a %s callee its message and charges nothing', async (mode, patient, message) => {
    await callee(patient.mobile, { mode, ringMs: 800 })
    const { page } = await browser.newPage(`phone ${mode}`)
    await signIntoConsole(page, reception.email, reception.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click()
    await page.getByLabel('Search patients').fill(patient.lastName.toLowerCase())
    await page.getByRole('button', { name: new RegExp(`^Call ${patient.firstName} ${patient.lastName}`) }).click()
    await phoneWindow(page).getByRole('button', { name: 'Call', exact: true }).click()
    await page.getByTestId('phone-message').filter({ hasText: message }).waitFor()
    const calls = await callsOf(patient.id)
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.every((c) => c.credits === 0)).toBe(true)
  })

  it('shows no Call button to a practice without a number', async () => {
    const numberRef = admin().db.doc(`practices/${seed.practiceId}/phoneNumbers/${DEMO_PHONE_NUMBER}`)
    const number = (await numberRef.get()).data()!
    await numberRef.delete()
    try {
      const { page } = await browser.newPage('phone no number')
      await signIntoConsole(page, reception.email, reception.password)
      await openPatient(page, answering.id)
      await page.getByLabel('Mobile').waitFor()
      expect(await page.getByRole('button', { name: /^Call / }).count()).toBe(0)
    } finally {
      await numberRef.set(number)
    }
  })

  it('a practitioner sees only their own calls in the report; the owner sees every call', async () => {
    const { page } = await browser.newPage('phone report isolation')
    await signIntoConsole(page, drChen.email, drChen.password)
    await page.goto('/reports/phone')
    await page.getByText('Calls you placed or that were made on your behalf.').waitFor()
    await page.getByTestId('report-totals').filter({ hasText: /^\s*0 calls/ }).waitFor()
    expect(await page.getByTestId('report-row').count()).toBe(0)

    const ownerView = await browser.newPage('phone report owner')
    await signIntoConsole(ownerView.page, owner.email, owner.password)
    await ownerView.page.goto('/reports/phone')
    await ownerView.page.getByText('Every call of the practice.').waitFor()
    await ownerView.page.getByTestId('report-row').first().waitFor()
  })
})

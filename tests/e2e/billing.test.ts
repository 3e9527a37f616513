/**
 * The owner's back office in Chromium against the emulators: credits and the ledger (the charge of a visit the
 * owner ends, filters, CSV export), Start refused for lack of credit, practice settings reaching the patient's page,
 * the audit log filtered to one visit, and no Billing for practitioners and staff.
 */
import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import type { Page } from 'playwright-core'
import { describe, expect as vexpect, it, onTestFinished } from 'vitest'
import { applyLedgerEntry, runLedgerTransaction } from '../../functions/src/billing/ledger'
import { DEMO_PASSWORD, DEMO_PRACTICE_ID } from '../../scripts/seed/demoPractice'
import { signIntoConsole, useBrowser } from './support/browser'
import { openVisitLink } from './support/patientJoin'
import { adminDb, bookVideoVisit } from './support/visitFixture'

const browser = useBrowser({ media: true })
const OWNER = 'owner@harbourside.example'

async function balance(): Promise<number> {
  return ((await adminDb().doc(`practices/${DEMO_PRACTICE_ID}/billing/credits`).get()).get('balance') as number | undefined) ?? 0
}

/** Moves the demo balance through the ledger, as an admin's adjustment would. */
async function adjust(credits: number, id: string): Promise<void> {
  adminDb()
  await runLedgerTransaction((tx) =>
    applyLedgerEntry(tx, DEMO_PRACTICE_ID, {
      id: `adjust_${id}`,
      kind: 'adjustment',
      delta: credits,
      ref: { type: 'adjustment', id },
      details: { reason: 'e2e' },
      actor: { kind: 'system' },
    }),
  )
}

/** The ledger table's rows as the cells the CSV holds (the "For" cell without its links). */
async function tableRows(page: Page): Promise<string[][]> {
  return page.getByTestId('ledger-table').locator('tbody tr[data-entry]').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')
      const forCell = (row.querySelectorAll('td')[2]?.firstChild?.textContent ?? '').trim()
      return [cells[0]!, cells[1]!, forCell, cells[3]!.replace(/^\+/, ''), cells[4]!, row.getAttribute('data-entry') ?? '']
    }),
  )
}

describe('billing', () => {
  it('shows the owner the charge of a visit they end, the balance, the filtered ledger and a CSV of it', { timeout: 180_000 }, async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-owner', patientIndexes: [1], startsInMinutes: 2 })
    onTestFinished(() => visit.remove())
    const { page } = await browser.newPage('billing owner ends visit')
    await signIntoConsole(page, OWNER, DEMO_PASSWORD)
    const before = await balance()

    await page.goto(`/visits/${visit.appointmentId}`)
    await page.getByTestId('start-visit').click()
    await page.getByTestId('end-call').waitFor()
    // The patient got media access (as getMediaAccess records it), so the visit is charged for them.
    await adminDb().doc(`practices/${DEMO_PRACTICE_ID}/visits/${visit.appointmentId}`).update({ joinedPatientIds: [visit.patients[0]!.id] })
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByTestId('end-call').click()
    await page.getByTestId('visit-ended').getByTestId('visit-charge').getByText('Charged 2 credits').waitFor()

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click()
    await page.getByTestId('credit-balance').getByText(String(before - 2)).waitFor()
    const visitRow = page.locator(`[data-entry="visit_${visit.appointmentId}"]`)
    await visitRow.waitFor()
    vexpect(await visitRow.textContent()).toContain('-2')

    // Only video visits: the grant the demo started with drops out.
    await page.getByLabel('Kind').selectOption('visit')
    await page.locator('[data-entry^="grant_"]').waitFor({ state: 'detached' })
    await visitRow.waitFor()
    const rows = await tableRows(page)
    vexpect(rows.length).toBeGreaterThan(0)
    vexpect(rows.every((r) => r[1] === 'Video visit')).toBe(true)

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ledger').click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    const parsed = Papa.parse<string[]>(csv.trim(), { newline: '\r\n' }).data
    vexpect(parsed[0]).toEqual(['Date', 'Kind', 'For', 'Change', 'Balance after', 'Entry'])
    vexpect(parsed.slice(1)).toEqual(rows)
  })

  it('refuses Start with too little credit, saying the balance and what is needed', { timeout: 120_000 }, async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [2], startsInMinutes: 3 })
    onTestFinished(() => visit.remove())
    const drained = await balance()
    const id = `e2e-drain-${visit.appointmentId}`
    await adjust(-drained + 1, id)
    onTestFinished(async () => {
      await adjust(drained - 1, `${id}-restore`)
    })

    const { page } = await browser.newPage('billing start refused')
    await signIntoConsole(page, 'mei.chen@harbourside.example', DEMO_PASSWORD)
    await page.goto(`/visits/${visit.appointmentId}`)
    await page.getByTestId('start-visit').click()
    await page
      .getByRole('alert')
      .getByText('Not enough credit to start this visit: the practice has 1 credit and the first 15 minutes need 2 credits.')
      .waitFor()
    vexpect((await adminDb().doc(`practices/${DEMO_PRACTICE_ID}/visits/${visit.appointmentId}`).get()).exists).toBe(false)

    // The owner is told across the console.
    const { page: ownerPage } = await browser.newPage('billing low balance banner')
    await signIntoConsole(ownerPage, OWNER, DEMO_PASSWORD)
    await ownerPage.getByTestId('low-balance-banner').getByText('Credits are running low: 1 left').waitFor()
  })

  it('gives practitioners and staff no Billing page', { timeout: 90_000 }, async () => {
    for (const email of ['sam.patel@harbourside.example', 'reception@harbourside.example']) {
      const { page } = await browser.newPage(`billing denied ${email}`)
      await signIntoConsole(page, email, DEMO_PASSWORD)
      const nav = page.getByRole('navigation', { name: 'Main' })
      await nav.getByRole('link', { name: 'Schedule' }).waitFor()
      vexpect(await nav.getByRole('link', { name: 'Billing' }).count()).toBe(0)
      vexpect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0)
      await page.goto('/billing')
      await page.getByRole('alert').getByText('Only practice owners can see billing.').waitFor()
      await page.waitForURL('**/schedule')
      vexpect(await page.getByTestId('credit-balance').count()).toBe(0)
    }
  })
})

describe('practice settings and the audit log', () => {
  it("changes the join window in Settings and the patient's page follows; the audit log filters to a visit", { timeout: 180_000 }, async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-patel', patientIndexes: [3], startsInMinutes: 20 })
    onTestFinished(() => visit.remove())
    onTestFinished(async () => {
      await adminDb().doc(`practices/${DEMO_PRACTICE_ID}`).update({ 'settings.joinWindowMinutes': 10 })
    })
    const patient = visit.patients[0]!

    // With the 10-minute window, 20 minutes before the start the patient waits for the countdown.
    const { page: patientPage } = await browser.newPage('settings patient page')
    await openVisitLink(patientPage, patient, 'Noah')
    await patientPage.getByTestId('join-countdown').waitFor()

    const { page } = await browser.newPage('settings owner')
    await signIntoConsole(page, OWNER, DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    const window = page.getByLabel('Join window (minutes before the start)')
    await window.fill('61')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByText('Whole minutes from 0 to 60.').waitFor()
    await window.fill('30')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.getByRole('status').getByText('Settings saved.').waitFor()
    vexpect((await adminDb().doc(`practices/${DEMO_PRACTICE_ID}`).get()).get('settings.joinWindowMinutes')).toBe(30)

    // The patient's page, opened again, lets them join now.
    const { page: again } = await browser.newPage('settings patient page again')
    await openVisitLink(again, patient, 'Noah')
    await again.getByTestId('join-visit').waitFor()

    // The audit log: the settings change, then one visit's entries only.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click()
    await page.locator('[data-testid="audit-table"] tbody tr[data-action="practice.updated"]').first().waitFor()
    const { page: doctor } = await browser.newPage('settings practitioner starts')
    await signIntoConsole(doctor, 'sam.patel@harbourside.example', DEMO_PASSWORD)
    await doctor.goto(`/visits/${visit.appointmentId}`)
    await doctor.getByTestId('start-visit').click()
    await doctor.getByTestId('end-call').waitFor()

    await page.getByLabel('About (id)').fill(visit.appointmentId)
    const rows = page.locator('[data-testid="audit-table"] tbody tr[data-action]')
    await page.locator('[data-testid="audit-table"] tbody tr[data-action="visit.started"]').waitFor()
    const about = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[3]?.textContent?.trim()))
    vexpect(about.every((a) => a?.endsWith(visit.appointmentId))).toBe(true)
    vexpect(await page.locator('[data-testid="audit-table"] tbody tr[data-action="practice.updated"]').count()).toBe(0)
    await page.getByRole('link', { name: `visit ${visit.appointmentId}` }).first().click()
    await page.waitForURL(`**/visits/${visit.appointmentId}`)
  })
})

/**
 * Re-issuing a link (issue 13, item 2): a patient who left the visit with End call asks to come back; reception
 * issues a new link and code from the appointment panel (after a confirmation), the old link refuses, and the new
 * one gets the patient back in.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it, onTestFinished } from 'vitest'
import { DEMO_PASSWORD, DEMO_PRACTICE_ID } from '../../scripts/seed/demoPractice'
import { signIntoConsole, useBrowser } from './support/browser'
import { openVisitLink } from './support/patientJoin'
import { adminDb, bookVideoVisit } from './support/visitFixture'

const browser = useBrowser({ media: true })

async function joinVisit(page: Page, link: { path: string; code: string }) {
  await openVisitLink(page, link, 'William')
  await page.getByTestId('join-visit').click()
}

describe('a new link for a patient who left', () => {
  it('is issued by reception after End call: the old link refuses, the new one gets the patient back in', { timeout: 150_000 }, async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-patel', patientIndexes: [7], startsInMinutes: 3 })
    onTestFinished(async () => {
      await visit.remove()
      // The link issued here is not one the fixture made.
      const issued = await adminDb().collection('invites').where('practiceId', '==', DEMO_PRACTICE_ID).where('appointmentId', '==', visit.appointmentId).get()
      await Promise.all(issued.docs.map((d) => d.ref.delete()))
    })
    const oldLink = visit.patients[0]!

    // The patient is in the visit, then leaves with End call (confirmed).
    const { page: doctor } = await browser.newPage('reissue practitioner')
    await signIntoConsole(doctor, visit.practitioner.email, DEMO_PASSWORD)
    await doctor.goto(`/visits/${visit.appointmentId}`)
    const { page: patient } = await browser.newPage('reissue patient')
    await joinVisit(patient, oldLink)
    await patient.getByTestId('waiting-room').waitFor()
    await doctor.getByTestId('waiting-list').locator(`[data-patient-id="${oldLink.id}"]`).getByText('Waiting').waitFor()
    await doctor.getByTestId('start-visit').click()
    await patient.getByTestId('visit-stage').waitFor({ timeout: 30_000 })
    const patientTile = doctor.locator('[data-testid="participant-tile"][data-name="William"]')
    await patientTile.waitFor({ timeout: 30_000 })
    patient.once('dialog', (dialog) => void dialog.accept())
    await patient.getByTestId('end-call').click()
    await patient.locator('[data-testid="join-problem"][data-problem="left"]').waitFor()
    await patientTile.waitFor({ state: 'detached', timeout: 40_000 })

    // Reception issues a new link from the appointment panel, after saying what happens to the old one.
    const { page: reception } = await browser.newPage('reissue reception')
    await signIntoConsole(reception, 'reception@harbourside.example', DEMO_PASSWORD)
    await reception.goto(`/calendar/appointments/${visit.appointmentId}`)
    await reception.getByRole('button', { name: 'Show links and codes' }).click()
    const entry = reception.getByRole('list', { name: 'Links and access codes' }).getByRole('listitem').filter({ hasText: oldLink.fullName })
    await entry.getByText('No working link').waitFor()
    await entry.getByRole('button', { name: `Issue a new link for ${oldLink.firstName}` }).click()
    const confirm = entry.getByRole('group', { name: `Issue a new link for ${oldLink.firstName}?` })
    expect(await confirm.textContent()).toContain('Their old link and code stop working at once.')
    await confirm.getByRole('button', { name: 'Issue new link' }).click()
    await reception.getByRole('status').filter({ hasText: `New link and code issued for ${oldLink.firstName}. The old link no longer works.` }).waitFor()
    const shownLink = (await entry.locator('.appointment-invite-link').textContent())!
    const code = (await entry.locator('.appointment-invite-code').textContent())!
    expect(shownLink).not.toContain(oldLink.path)
    // It can be sent like any other link.
    await entry.getByRole('button', { name: `Email link to ${oldLink.firstName}` }).click()
    await reception.getByRole('status').filter({ hasText: `Link sent to ${oldLink.firstName} by email.` }).waitFor()

    // The old link refuses, saying a new one was issued.
    const { page: old } = await browser.newPage('reissue old link')
    await old.goto(oldLink.path)
    await old.locator('[data-testid="join-problem"][data-problem="replaced"]').getByText('This link has been replaced').waitFor()

    // The new link gets the patient back in: the practitioner sees them again.
    const { page: back } = await browser.newPage('reissue new link')
    await joinVisit(back, { path: new URL(shownLink).pathname, code })
    await back.locator('[data-testid="waiting-room"], [data-testid="visit-stage"]').first().waitFor({ timeout: 30_000 })
    await patientTile.waitFor({ timeout: 40_000 })
  })
})

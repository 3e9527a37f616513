/**
 * Who is waiting, everywhere (issue 13, item 5): when a patient enters the waiting room, the practitioner's
 * schedule shows "Waiting" on the appointment, live, and the practitioner is told wherever they are in the console.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import { DEMO_PASSWORD } from '../../scripts/seed/demoPractice'
import { signIntoConsole, useBrowser } from './support/browser'
import { calendarBlock } from './support/calendar'
import { bookVideoVisit } from './support/visitFixture'

const browser = useBrowser({ media: true })

describe('a patient in the waiting room', () => {
  it("shows on the practitioner's schedule and is announced to them on any page", { timeout: 120_000 }, async () => {
    const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-chen', patientIndexes: [10], startsInMinutes: 3 })
    onTestFinished(() => visit.remove())
    const link = visit.patients[0]!

    const { page: doctor } = await browser.newPage('waiting practitioner')
    await signIntoConsole(doctor, visit.practitioner.email, DEMO_PASSWORD)
    // This appointment's line (the demo day may have the same patient at another time).
    const item = doctor.getByRole('listitem').filter({ has: doctor.locator(`a[href="/visits/${visit.appointmentId}"]`) })
    await item.waitFor()
    expect(await item.getByTestId('waiting-badge').count()).toBe(0)
    // Elsewhere in the console when the patient arrives.
    await doctor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click()

    const { page: patient } = await browser.newPage('waiting patient')
    await patient.goto(link.path)
    await patient.getByLabel('Access code').fill(link.code)
    await patient.getByRole('button', { name: 'Continue' }).click()
    await patient.getByLabel('Your name on screen').fill('Sky')
    await patient.getByRole('button', { name: 'Continue' }).click()
    await patient.getByTestId('join-visit').click()
    await patient.getByTestId('waiting-room').waitFor()

    const notice = doctor.getByTestId('arrival-notice')
    await notice.waitFor({ timeout: 30_000 })
    expect(await notice.textContent()).toMatch(/Sky is in the waiting room for your \d{2}:\d{2} visit\./)

    await doctor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule', exact: true }).click()
    const badge = item.getByTestId('waiting-badge')
    await badge.waitFor()
    expect(await badge.textContent()).toContain('Waiting · just now')

    // Reception's schedule shows it too: the front desk sees who is waiting.
    const timeRange = (await item.locator('time').textContent())!
    const { page: reception } = await browser.newPage('waiting reception')
    await signIntoConsole(reception, 'reception@harbourside.example', DEMO_PASSWORD)
    await reception.getByRole('listitem').filter({ hasText: link.fullName }).filter({ hasText: timeRange }).getByTestId('waiting-badge').waitFor()
    // And so does the calendar, on the appointment's block in its practitioner's column.
    await reception.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click()
    await reception.getByRole('button', { name: 'Day', exact: true }).click()
    const block = calendarBlock(reception, visit.appointmentId)
    await block.getByTestId('waiting-badge').waitFor()
    expect(await block.textContent()).toContain(link.fullName)

    await notice.getByRole('link', { name: 'Open visit' }).click()
    await doctor.waitForURL(`**/visits/${visit.appointmentId}`)
    expect(await doctor.getByTestId('arrival-notice').count()).toBe(0)
  })
})

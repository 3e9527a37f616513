/**
 * The patient's link page before the visit: what it says of a damaged link, of the visit's time, and of the
 * screen name (issue 13, "small things that matter").
 */
import { SCREEN_NAME_MAX } from '../../functions/src/domain/visit'
import { describe, expect, inject, it, onTestFinished } from 'vitest'
import { useBrowser } from './support/browser'
import { adminDb, bookVideoVisit } from './support/visitFixture'

const browser = useBrowser()

async function bookOne(startsInMinutes = 5) {
  const visit = await bookVideoVisit({ practitionerUid: 'demo-dr-patel', patientIndexes: [7], startsInMinutes })
  onTestFinished(() => visit.remove())
  return { visit, patient: visit.patients[0]! }
}

describe('the join link page', () => {
  it('says a link cut short is incomplete, not that the clinic is unreachable', async () => {
    const { patient } = await bookOne()
    const { page } = await browser.newPage('join incomplete link')
    await page.goto(patient.path.slice(0, -4))
    const problem = page.getByTestId('join-problem')
    await problem.waitFor()
    expect(await problem.getAttribute('data-problem')).toBe('incomplete')
    expect(await problem.getByRole('heading').textContent()).toBe('This link is incomplete')
    expect(await page.getByText("We can't reach the clinic").count()).toBe(0)
  })

  it("says the visit's time in the practice's zone, as the reminder does, and the patient's own time when it differs", async () => {
    const { visit, patient } = await bookOne(90)
    const appointment = await adminDb().doc(`practices/${inject('seed').practiceId}/appointments/${visit.appointmentId}`).get()
    const at = appointment.get('start').toDate() as Date
    const practiceZone = inject('seed').timeZone
    // Kiritimati is UTC+14: never the e2e practice's fixed-offset noon zone.
    const { page } = await browser.newPage('join time zones', { timezoneId: 'Pacific/Kiritimati' })
    await page.goto(patient.path)
    const intro = page.getByText(/With Harbourside Family Clinic,/)
    await intro.waitFor()
    // Spaces normalised: ICU puts a narrow no-break space before AM/PM, and Node's and Chromium's ICU may differ.
    const plain = (text: string) => text.replace(/\s+/g, ' ')
    const say = (options: Intl.DateTimeFormatOptions) =>
      plain(new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', ...options }).format(at))
    const text = plain((await intro.textContent())!)
    expect(text).toContain(say({ timeZone: practiceZone, timeZoneName: 'short' }))
    expect(text).toContain(`(${say({ timeZone: 'Pacific/Kiritimati' })} your time)`)
  })

  it('keeps the screen name within its limit and clears its error once corrected', async () => {
    const { patient } = await bookOne()
    const { page } = await browser.newPage('join screen name')
    await page.goto(patient.path)
    await page.getByLabel('Access code').fill(patient.code)
    await page.getByRole('button', { name: 'Continue' }).click()
    const name = page.getByLabel('Your name on screen')
    await name.fill('x'.repeat(SCREEN_NAME_MAX + 20))
    expect((await name.inputValue()).length).toBe(SCREEN_NAME_MAX)
    await name.fill('   ')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('alert').getByText('Type the name you would like the clinician to see.').waitFor()
    await name.fill('Jo')
    await page.getByRole('alert').waitFor({ state: 'detached' })
    expect(await name.getAttribute('aria-invalid')).toBe('false')
  })
})

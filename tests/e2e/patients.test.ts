import { randomBytes } from 'node:crypto'
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { signIntoConsole, useBrowser } from './support/browser'

const seed = inject('seed')
const reception = seed.members.find((m) => m.role === 'staff')!

/** A last name no other run has used, letters only so every prefix is searchable: "Quillkzmbqt". */
function uniqueLastName(): string {
  const letters = [...randomBytes(6)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')
  return `Quill${letters}`
}

async function openNewPatientForm(page: Page) {
  await signIntoConsole(page, reception.email, reception.password)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click()
  await page.getByRole('heading', { name: 'Patients' }).waitFor()
  await page.getByRole('link', { name: 'New patient' }).click()
  await page.getByRole('heading', { name: 'New patient' }).waitFor()
}

async function fillDetails(page: Page, details: { firstName: string; lastName: string; mobile: string }) {
  await page.getByLabel('First name').fill(details.firstName)
  await page.getByLabel('Last name').fill(details.lastName)
  await page.getByLabel('Date of birth').fill('1986-07-14')
  await page.getByLabel('Email', { exact: true }).fill(`${details.lastName.toLowerCase()}@mail.example`)
  await page.getByLabel('Mobile').fill(details.mobile)
}

const saved = (page: Page) => page.getByRole('status').filter({ hasText: 'Patient saved.' })

/** Reception fills in a new patient under a fresh last name and presses Save; returns the last name. */
async function submitNewPatient(page: Page, firstName: string, mobile: string, { smsConsent = false } = {}): Promise<string> {
  const lastName = uniqueLastName()
  await openNewPatientForm(page)
  await fillDetails(page, { firstName, lastName, mobile })
  if (smsConsent) await page.getByLabel('SMS reminders').check()
  await page.getByRole('button', { name: 'Save patient' }).click()
  return lastName
}

/** Reception adds a patient with a local mobile number and SMS consent; returns the last name once saved. */
async function addPatientWithSmsConsent(page: Page, firstName: string): Promise<string> {
  const lastName = await submitNewPatient(page, firstName, '0412 345 678', { smsConsent: true })
  await saved(page).waitFor()
  return lastName
}

describe('patients', () => {
  const browser = useBrowser()

  it('lets reception add a patient with a local mobile number, shows it normalised, and finds them by last-name prefix', async () => {
    const { page } = await browser.newPage('patients add and search')
    const lastName = await addPatientWithSmsConsent(page, 'Harriet')
    expect(await saved(page).textContent()).toContain('+61 412 345 678')
    expect(await page.getByLabel('Mobile').inputValue()).toBe('+61 412 345 678')
    await page.getByRole('heading', { name: 'Edit patient' }).waitFor()

    await page.getByRole('link', { name: 'All patients' }).click()
    await page.getByLabel('Search patients').fill(lastName.slice(0, 8).toLowerCase())
    const row = page.getByRole('row').filter({ hasText: lastName })
    await row.waitFor()
    expect(await page.getByRole('row').filter({ hasText: 'Quill' }).count()).toBe(1)
    const text = await row.textContent()
    expect(text).toContain(`${lastName}, Harriet`)
    expect(text).toContain('+61 412 345 678')
    expect(text).toContain('14 Jul 1986')
    expect(text).toContain('SMS: yes')
    expect(text).toContain('Email: no')
  })

  it('refuses an invalid mobile with a clear message next to the field and keeps everything typed', async () => {
    const { page } = await browser.newPage('patients invalid mobile')
    const lastName = await submitNewPatient(page, 'Ivo', '12345')

    const summary = page.getByRole('alert').filter({ hasText: "The patient wasn't saved" })
    await summary.waitFor()
    expect(await summary.textContent()).toContain('Mobile: That mobile number is too short.')
    const mobile = page.getByLabel('Mobile')
    expect(await mobile.getAttribute('aria-invalid')).toBe('true')
    const describedBy = (await mobile.getAttribute('aria-describedby')) ?? ''
    const fieldError = page.locator(`[id="${describedBy.split(' ').find((id) => id.endsWith('-error'))}"]`)
    expect(await fieldError.textContent()).toContain('That mobile number is too short.')

    expect(await page.getByLabel('First name').inputValue()).toBe('Ivo')
    expect(await page.getByLabel('Last name').inputValue()).toBe(lastName)
    expect(await page.getByLabel('Date of birth').inputValue()).toBe('1986-07-14')
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(`${lastName.toLowerCase()}@mail.example`)
    expect(await mobile.inputValue()).toBe('12345')
    await page.getByRole('heading', { name: 'New patient' }).waitFor()

    // Correcting the one field is enough, and its error goes as soon as it is valid.
    await mobile.fill('0491 570 156')
    await summary.waitFor({ state: 'detached' })
    expect(await mobile.getAttribute('aria-invalid')).toBe('false')
    await page.getByRole('button', { name: 'Save patient' }).click()
    await saved(page).waitFor()
    expect(await mobile.inputValue()).toBe('+61 491 570 156')
  })

  it('asks before saving a mobile from another country than the practice\'s, then saves it', async () => {
    const { page } = await browser.newPage('patients foreign mobile')
    await submitNewPatient(page, 'Olwen', '+44 7400 123456')
    const warning = page.getByTestId('foreign-mobile')
    await warning.waitFor()
    expect(await warning.textContent()).toContain('+44 7400 123456 is a mobile number in United Kingdom, not Australia.')
    // Nothing was saved yet: the form is still the new patient's.
    await page.getByRole('heading', { name: 'New patient' }).waitFor()
    await warning.getByRole('button', { name: 'Save with this number' }).click()
    await saved(page).waitFor()
    expect(await page.getByLabel('Mobile').inputValue()).toBe('+44 7400 123456')
    expect(await warning.count()).toBe(0)
  })

  it('keeps consent changes, a recorded SMS opt-out and a re-consent across reloads', async () => {
    const { page } = await browser.newPage('patients consent')
    await addPatientWithSmsConsent(page, 'Consuela')

    await page.getByLabel('Email reminders').check()
    await page.getByLabel('SMS reminders').uncheck()
    await page.getByRole('button', { name: 'Save patient' }).click()
    await saved(page).waitFor()
    await page.reload()
    await page.getByRole('heading', { name: 'Edit patient' }).waitFor()
    await page.getByLabel('First name').waitFor()
    expect(await page.getByLabel('Email reminders').isChecked()).toBe(true)
    expect(await page.getByLabel('SMS reminders').isChecked()).toBe(false)

    await page.getByRole('button', { name: 'Record SMS opt-out' }).click()
    await page.getByRole('status').filter({ hasText: 'SMS opt-out recorded.' }).waitFor()
    await page.reload()
    const optedOut = page.getByText(/^Opted out of SMS on \d{1,2} \w+ \d{4} \(recorded by staff\)\.$/)
    await optedOut.waitFor()
    expect(await page.getByLabel('SMS reminders').isDisabled()).toBe(true)

    await page.getByRole('button', { name: 'Record SMS re-consent' }).click()
    await page.getByRole('button', { name: 'Confirm SMS re-consent' }).click()
    await page.getByRole('status').filter({ hasText: 'SMS re-consent recorded.' }).waitFor()
    await page.reload()
    await page.getByRole('button', { name: 'Record SMS opt-out' }).waitFor()
    expect(await page.getByLabel('SMS reminders').isChecked()).toBe(true)
    expect(await page.getByLabel('SMS reminders').isDisabled()).toBe(false)
    expect(await optedOut.count()).toBe(0)
  })
})

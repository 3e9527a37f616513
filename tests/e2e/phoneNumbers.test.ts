/**
 * The owner sets up the practice's phone numbers in the console (Settings › Phone numbers), through the
 * savePhoneNumber callable: label, what the number is used for, and who may call from it.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import { DEMO_PASSWORD, DEMO_PRACTICE_ID } from '../../scripts/seed/demoPractice'
import { signIntoConsole, useBrowser } from './support/browser'
import { adminDb } from './support/visitFixture'

const browser = useBrowser()

describe('phone numbers in the practice settings', () => {
  it('lets the owner add a number with its label, uses and callers, refusing one that is not a phone number', async () => {
    const added = adminDb().doc(`practices/${DEMO_PRACTICE_ID}/phoneNumbers/+61290000077`)
    onTestFinished(() => added.delete().then(() => undefined))
    const { page } = await browser.newPage('owner phone numbers')
    await signIntoConsole(page, 'owner@harbourside.example', DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    const section = page.getByTestId('phone-numbers')
    // The demo practice's own number is there to edit.
    await section.getByRole('heading', { name: '+61 2 9157 0100' }).waitFor()

    const form = section.getByRole('form', { name: 'Add a number' })
    await form.getByLabel('Number').fill('12')
    await form.getByLabel('Label').fill('Test line')
    await form.getByRole('button', { name: 'Add number' }).click()
    await form.getByText('Enter a valid phone number, or start with + and the country code.').waitFor()

    // A local number is read as the practice's country. Calls only, nobody allowed yet: no Call button changes.
    await form.getByLabel('Number').fill('02 9000 0077')
    await form.getByLabel('SMS reminders').uncheck()
    await form.getByRole('button', { name: 'Add number' }).click()
    await section.getByRole('status').filter({ hasText: '+61 2 9000 0077 saved.' }).waitFor()
    await section.getByRole('heading', { name: '+61 2 9000 0077' }).waitFor()
    const stored = (await added.get()).data()
    expect(stored).toMatchObject({ label: 'Test line', capabilities: { voice: true, sms: false }, allowedMemberIds: [] })
  })
})

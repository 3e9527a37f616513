import { expect as vexpect, describe, inject, it } from 'vitest'
import { signIntoConsole, useBrowser } from './support/browser'

const seed = inject('seed')
const staff = seed.members.find((m) => m.role === 'staff')!

describe('reminder templates', () => {
  const browser = useBrowser()

  it('lets staff edit the video SMS template with a live preview, refusing an unknown term by name', async () => {
    const { page } = await browser.newPage('staff edits the video sms template')
    await signIntoConsole(page, staff.email, staff.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click()
    await page.getByRole('heading', { name: 'Reminder templates' }).waitFor()

    await page.getByLabel('Template for').selectOption({ label: 'Video consultation' })
    await page.getByLabel('Channel').selectOption({ label: 'SMS' })
    const message = page.getByLabel('Message')
    const preview = page.getByRole('region', { name: 'SMS preview' })
    // The default text, rendered with the sample patient.
    await preview.getByText(/^Hi Alex, your video consult with/).waitFor()

    await message.fill('Hello [First Name], see [Practitioner] at [Time] on [Date]. ')
    await page.getByRole('button', { name: 'Insert [Video Consult Link]' }).click()
    await preview.getByText(/^Hello Alex, see Dr Sam Patel at 10:30 AM on Tuesday 11 March\. https:\/\/clinic\.example\/join\/\S+ Reply STOP to opt out\.$/).waitFor()

    await message.fill('Hi [First Name], wear your [Favourite Colour] for [Practitioner].')
    await preview.getByText('Hi Alex, wear your [Favourite Colour] for Dr Sam Patel. Reply STOP to opt out.').waitFor()
    await page.getByRole('button', { name: 'Save template' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    vexpect(await alert.textContent()).toContain('Unknown term [Favourite Colour]. Use one of: [First Name],')

    await message.fill('Hi [First Name], your video visit with [Practitioner] is at [Time] on [Date]: [Video Consult Link] code [Access Code]. Reply STOP to opt out.')
    await page.getByRole('button', { name: 'Save template' }).click()
    await page.getByRole('status').filter({ hasText: 'Video consultation SMS template saved.' }).waitFor()
    vexpect(await page.getByRole('alert').count()).toBe(0)
    await page.getByText("Using this practice's own text.").waitFor()

    // The saved text is what comes back after switching away and back.
    await page.getByLabel('Channel').selectOption({ label: 'Email' })
    await page.getByLabel('Subject').waitFor()
    await page.getByLabel('Channel').selectOption({ label: 'SMS' })
    vexpect(await message.inputValue()).toContain('your video visit with [Practitioner]')
  })

  it('offers the booking confirmation as a template of its own, with the link and code terms', async () => {
    const { page } = await browser.newPage('staff opens the booking confirmation template')
    await signIntoConsole(page, staff.email, staff.password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click()
    await page.getByLabel('Template for').selectOption({ label: 'Video booking confirmation' })
    await page.getByLabel('Channel').selectOption({ label: 'Email' })
    vexpect(await page.getByLabel('Subject').inputValue()).toBe('Booked: your video consultation with [Practitioner] on [Date]')
    await page.getByRole('button', { name: 'Insert [Access Code]' }).waitFor()
    await page.getByLabel('Channel').selectOption({ label: 'SMS' })
    const preview = page.getByRole('region', { name: 'SMS preview' })
    await preview.getByText(/^Hi Alex, your video consult with Dr Sam Patel is booked for Tuesday 11 March at 10:30 AM\. Join: https:\/\/clinic\.example\/join\/\S+ Code: 482 913\./).waitFor()
  })
})

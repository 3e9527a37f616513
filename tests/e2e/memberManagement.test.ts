import { getApps, initializeApp } from 'firebase-admin/app'
import { getAuth } from 'firebase-admin/auth'
import { expect as vexpect, describe, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { signIn, signIntoConsole, useBrowser } from './support/browser'
import { invitationPathFor } from './support/devMail'

const seed = inject('seed')
const password = seed.members[0]!.password
const owner = seed.members.find((m) => m.role === 'owner')!

describe('member management', () => {
  const browser = useBrowser()

  /** The owner invites `email` from the Members page and sees the pending invitation. */
  async function invite(ownerPage: Page, name: string, email: string, role: string) {
    await ownerPage.getByRole('link', { name: 'Members' }).click()
    await ownerPage.getByRole('heading', { name: 'Members' }).waitFor()
    await ownerPage.getByLabel('Name').fill(name)
    await ownerPage.getByLabel('Email').fill(email)
    await ownerPage.getByLabel('Role', { exact: true }).selectOption(role)
    await ownerPage.getByRole('button', { name: 'Send invitation' }).click()
    await ownerPage.getByRole('status').filter({ hasText: `was emailed to ${email}` }).waitFor()
    await ownerPage.getByRole('button', { name: `Withdraw the invitation to ${email}` }).waitFor()
  }

  /** The invitee opens the link from the development mail output and sets their own password. */
  async function acceptWithPassword(page: Page, email: string, password: string) {
    await page.goto(await invitationPathFor(email))
    await page.getByRole('heading', { name: /^Join / }).waitFor()
    await page.getByLabel('Choose a password').fill(password)
    await page.getByLabel('Confirm password').fill(password)
    await page.getByRole('button', { name: 'Set password and join' }).click()
  }

  it('lets an owner invite a member, who sets a password from the emailed link; a role change reaches their open console', async () => {
    const { page: ownerPage } = await browser.newPage('owner manages members')
    await signIn(ownerPage, owner.email, password)
    const email = `temp.${Date.now()}@harbourside.example`
    await invite(ownerPage, 'Casey Temp', email, 'staff')

    // The new member opens the link elsewhere, chooses a password and lands in the console, as staff.
    const { page: memberPage } = await browser.newPage('new member console')
    await acceptWithPassword(memberPage, email, 'their-own-pass-1')
    await memberPage.getByRole('heading', { name: "Today's schedule" }).waitFor({ timeout: 30_000 })
    vexpect(await memberPage.getByRole('link', { name: 'Members' }).count()).toBe(0)
    // The invitation is spent: the member is listed, and the pending invitation is gone.
    await ownerPage.getByLabel('Role for Casey Temp').waitFor({ timeout: 30_000 })
    await ownerPage.getByRole('button', { name: `Withdraw the invitation to ${email}` }).waitFor({ state: 'detached' })

    // The owner promotes them; their open console picks it up with no sign-out or reload.
    await ownerPage.getByLabel('Role for Casey Temp').selectOption('owner')
    await memberPage.getByRole('link', { name: 'Members' }).waitFor({ timeout: 30_000 })

    // Removing them takes the row away and, on their next visit, the console.
    const row = ownerPage.getByRole('row').filter({ hasText: email })
    await row.getByRole('button', { name: 'Remove' }).click()
    await row.getByRole('button', { name: 'Confirm removal' }).click()
    await ownerPage.getByRole('status').filter({ hasText: 'Casey Temp was removed from the practice.' }).waitFor()
    await row.waitFor({ state: 'detached' })
    await memberPage.reload()
    await memberPage.getByRole('heading', { name: "Your account isn't part of a practice yet" }).waitFor({ timeout: 30_000 })
  })

  it('gives a stranger who registered the invited email first nothing; the invitee takes the address over', async () => {
    const email = `contested.${Date.now()}@harbourside.example`
    // The stranger signs up with the address before the owner invites it (an unverified account).
    if (!getApps().length) initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? 'demo-telehealth' })
    await getAuth().createUser({ email, password: 'stranger-pass-1', emailVerified: false })

    const { page: ownerPage } = await browser.newPage('owner invites contested email')
    await signIn(ownerPage, owner.email, password)
    await invite(ownerPage, 'Jordan Real', email, 'practitioner')

    // Signed in with the password they chose, the stranger sees no practice.
    const { page: strangerPage } = await browser.newPage('stranger')
    await signIn(strangerPage, email, 'stranger-pass-1')
    await strangerPage.getByRole('heading', { name: "Your account isn't part of a practice yet" }).waitFor({ timeout: 30_000 })

    // The person who reads the mailbox opens the link, sets a password and reaches the console.
    const { page: inviteePage } = await browser.newPage('real invitee')
    await acceptWithPassword(inviteePage, email, 'real-person-pass-1')
    await inviteePage.getByRole('heading', { name: "Today's schedule" }).waitFor({ timeout: 30_000 })

    // The stranger's password no longer opens the account.
    const { page: again } = await browser.newPage('stranger again')
    await signIn(again, email, 'stranger-pass-1')
    await again.getByRole('alert').filter({ hasText: 'Incorrect email or password.' }).waitFor()
  })

  it('refuses to demote the last owner and says why', async () => {
    const { page } = await browser.newPage('last owner')
    await signIntoConsole(page, owner.email, password)
    await page.getByRole('link', { name: 'Members' }).click()
    await page.getByRole('heading', { name: 'Members' }).waitFor()
    await page.getByLabel('Role for Olivia Hart').waitFor()
    // Another test may have added a second owner; demote them first so Olivia is the only one.
    for (const select of await page.getByLabel(/^Role for (?!Olivia Hart)/).all()) {
      if ((await select.inputValue()) === 'owner') {
        await select.selectOption('staff')
        await page.getByRole('status').filter({ hasText: 'updated' }).waitFor()
      }
    }
    await page.getByLabel('Role for Olivia Hart').selectOption('staff')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    vexpect(await alert.textContent()).toContain('A practice must keep at least one owner.')
    // The refused change is not shown as if it had happened.
    vexpect(await page.getByLabel('Role for Olivia Hart').inputValue()).toBe('owner')
  })
})

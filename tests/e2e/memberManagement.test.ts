import { expect as vexpect, describe, inject, it } from 'vitest'
import { signIn, signIntoConsole, useBrowser } from './support/browser'

const seed = inject('seed')
const password = seed.members[0]!.password
const owner = seed.members.find((m) => m.role === 'owner')!

describe('member management', () => {
  const browser = useBrowser()

  it('lets an owner add a member, whose role change reaches their open console without signing out', async () => {
    const { page: ownerPage } = await browser.newPage('owner manages members')
    await signIn(ownerPage, owner.email, password)
    await ownerPage.getByRole('link', { name: 'Members' }).click()
    await ownerPage.getByRole('heading', { name: 'Members' }).waitFor()

    const email = `temp.${Date.now()}@harbourside.example`
    await ownerPage.getByLabel('Name').fill('Casey Temp')
    await ownerPage.getByLabel('Email').fill(email)
    await ownerPage.getByLabel('Role', { exact: true }).selectOption('staff')
    await ownerPage.getByLabel('Temporary password').fill('temporary-pass-1')
    await ownerPage.getByRole('button', { name: 'Add member' }).click()
    await ownerPage.getByRole('cell', { name: email }).waitFor()

    // The new member signs in elsewhere and, as staff, has no member management.
    const { page: memberPage } = await browser.newPage('new member console')
    await signIn(memberPage, email, 'temporary-pass-1')
    await memberPage.getByRole('heading', { name: "Today's schedule" }).waitFor()
    vexpect(await memberPage.getByRole('link', { name: 'Members' }).count()).toBe(0)

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

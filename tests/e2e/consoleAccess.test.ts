import { expect as vexpect, describe, inject, it } from 'vitest'
import { signIn, useBrowser } from './support/browser'

const seed = inject('seed')
const password = seed.members[0]!.password
const emailOf = (role: string, nth = 0) => seed.members.filter((m) => m.role === role)[nth]!.email

describe('signing in to the console', () => {
  const browser = useBrowser()

  it("lets reception sign in with the seeded credentials and shows today's schedule", async () => {
    const { page } = await browser.newPage('staff sees schedule')
    await signIn(page, emailOf('staff'), password)
    await page.getByRole('heading', { name: "Today's schedule" }).waitFor()
    const list = page.getByRole('list', { name: 'Appointments' })
    await list.waitFor()
    // Staff see every practitioner's day: a patient of Dr Patel and one of Dr Chen.
    await list.getByText('Emma Thompson').waitFor()
    await list.getByText('Mia Papadopoulos').waitFor()
    // The ten seeded bookings; other e2e files may have booked more today by the time this runs.
    vexpect(await list.getByRole('listitem').count()).toBeGreaterThanOrEqual(10)
    vexpect(await list.getByText('Cancelled').count()).toBeGreaterThanOrEqual(1)
  })

  it('shows a clear error for a wrong password and stays on the sign-in page', async () => {
    const { page } = await browser.newPage('wrong password')
    await signIn(page, emailOf('staff'), 'not-the-password')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    vexpect(await alert.textContent()).toContain('Incorrect email or password.')
    vexpect(new URL(page.url()).pathname).toBe('/signin')
    // Nothing typed is lost: the email is still there to correct the password.
    vexpect(await page.getByLabel('Email').inputValue()).toBe(emailOf('staff'))
  })

  it('sends a signed-out visitor to sign in, then back to the page they asked for', async () => {
    const { page } = await browser.newPage('redirect after sign in')
    await page.goto('/schedule')
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    vexpect(new URL(page.url()).pathname).toBe('/signin')
    await page.getByLabel('Email').fill(emailOf('staff'))
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: "Today's schedule" }).waitFor()
    vexpect(new URL(page.url()).pathname).toBe('/schedule')
  })

  it('signs out and then guards the console again', async () => {
    const { page } = await browser.newPage('sign out')
    await signIn(page, emailOf('staff'), password)
    await page.getByRole('heading', { name: "Today's schedule" }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    await page.goto('/schedule')
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    vexpect(new URL(page.url()).pathname).toBe('/signin')
  })
})

describe('what each role sees', () => {
  const browser = useBrowser()

  it('shows a practitioner only their own appointments', async () => {
    const { page } = await browser.newPage('practitioner own schedule')
    await signIn(page, 'sam.patel@harbourside.example', password)
    const list = page.getByRole('list', { name: 'Appointments' })
    await list.getByText('Emma Thompson').waitFor()
    vexpect(await list.getByText('Mia Papadopoulos').count()).toBe(0)
    vexpect(await list.getByRole('listitem').count()).toBe(6)
  })

  it('keeps a practitioner out of member management', async () => {
    const { page } = await browser.newPage('practitioner no members')
    await signIn(page, 'sam.patel@harbourside.example', password)
    await page.getByRole('heading', { name: "Today's schedule" }).waitFor()
    vexpect(await page.getByRole('link', { name: 'Members' }).count()).toBe(0)
    await page.goto('/members')
    await page.getByRole('heading', { name: "Today's schedule" }).waitFor()
    vexpect(new URL(page.url()).pathname).toBe('/schedule')
    vexpect(await page.getByRole('alert').textContent()).toContain('Only practice owners can manage members.')
    vexpect(await page.getByRole('heading', { name: 'Members' }).count()).toBe(0)
  })

  it('signs a member out after the idle timeout', async () => {
    const { context, page } = await browser.newPage('idle timeout')
    // The app reads this override at start so the test need not wait 15 minutes.
    await context.addInitScript(() => localStorage.setItem('idleTimeoutMs', '3000'))
    await signIn(page, emailOf('staff'), password)
    await page.getByRole('heading', { name: "Today's schedule" }).waitFor()
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 20_000 })
    vexpect(await page.getByText(/signed out after .* of inactivity/i).count()).toBe(1)
  })

  it('serves the patient join route without signing in', async () => {
    const { page } = await browser.newPage('join placeholder')
    await page.goto(new URL(seed.join.url).pathname)
    await page.getByRole('heading', { name: 'Join your video visit' }).waitFor()
    // Not sent to sign in; the token has left the address bar (the tab keeps it for reloads).
    vexpect(new URL(page.url()).pathname).toBe('/join')
  })
})

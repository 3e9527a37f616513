/**
 * Saying what happened when someone drops out of a visit (issue 13, item 8): a practitioner whose network goes
 * stays in the patient's grid as "lost connection", not as a frozen tile still marked with a strength.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import { useBrowser } from './support/browser'
import { openLiveChatVisit } from './support/chatVisit'

const browser = useBrowser({ media: true })

describe('a participant who drops out', () => {
  it("is shown to the others as having lost connection, and as back once their heartbeats return", { timeout: 180_000 }, async () => {
    const { visit, patient, doctorContext } = await openLiveChatVisit((name) => browser.newPage(name), { patientIndex: 9, patientName: 'Robin' })
    onTestFinished(() => visit.remove())
    const doctorTile = patient.locator(`[data-testid="participant-tile"][data-name="${visit.practitioner.displayName}"]`)
    await doctorTile.waitFor()
    expect(await doctorTile.getAttribute('data-lost')).toBeNull()

    // The practitioner's network goes: no heartbeats for longer than presence stays fresh (30 s).
    await doctorContext.setOffline(true)
    const lost = doctorTile.getByTestId('participant-lost')
    await lost.waitFor({ timeout: 90_000 })
    expect(await lost.textContent()).toContain(`${visit.practitioner.displayName} lost connection — waiting for them to come back`)
    expect(await doctorTile.getByTestId('remote-video').isVisible()).toBe(false)

    await doctorContext.setOffline(false)
    await lost.waitFor({ state: 'detached', timeout: 90_000 })
  })
})

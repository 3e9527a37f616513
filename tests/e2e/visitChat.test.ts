/**
 * The visit's chat in Chromium, against the emulators and a real clamd: a practitioner and a patient in two
 * browser contexts exchange messages with emojis, see unread counts, survive an offline spell, share a PDF and the
 * EICAR test file, and lose everything when the visit ends.
 */
import { createHash } from 'node:crypto'
import { describe, expect as vexpect, it, onTestFinished } from 'vitest'
import { DEMO_PRACTICE_ID } from '../../scripts/seed/demoPractice'
import { useBrowser } from './support/browser'
import { aPdfFile, dropFiles, EICAR, openLiveChatVisit, sendChatMessage } from './support/chatVisit'
import { adminDb } from './support/visitFixture'

const browser = useBrowser({ media: true })
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('visit chat', () => {
  it('carries messages and files between practitioner and patient, and nothing is left after the end', { timeout: 300_000 }, async () => {
    const { visit, doctor, patient, patientContext } = await openLiveChatVisit(browser.newPage, { patientIndex: 4, patientName: 'Robin' })
    onTestFinished(() => visit.remove())
    const visitPath = `practices/${DEMO_PRACTICE_ID}/visits/${visit.appointmentId}`
    const messagesOf = (page: typeof doctor) => page.getByTestId('chat-message')

    // The patient opens the chat: the reminder that it disappears, then a message with an emoji from the picker,
    // chosen with the keyboard.
    await patient.getByTestId('chat-tab').click()
    await patient.getByTestId('chat-reminder').waitFor()
    await patient.getByTestId('chat-input').fill('Hello doctor ')
    await patient.getByTestId('chat-emoji').click()
    const search = patient.getByTestId('chat-emoji-panel').locator('emoji-picker').locator('input[type="search"]')
    await search.waitFor()
    await search.fill('thumbs up')
    // Search results are the options with emoji ids (the skin-tone list has options too).
    await patient.getByTestId('chat-emoji-panel').locator('emoji-picker').locator('[role="option"][id^="emo-"]').first().waitFor({ timeout: 60_000 })
    await search.press('ArrowDown')
    await search.press('Enter')
    await patient.waitForFunction(() => (document.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement).value.includes('👍'))
    await patient.getByTestId('chat-input').press('Enter')
    await messagesOf(patient).filter({ hasText: 'Hello doctor 👍' }).and(patient.locator('[data-pending="false"]')).waitFor()

    // The practitioner, chat closed, sees it counted on the tab; opening the chat shows it and clears the count.
    await doctor.getByTestId('chat-unread').getByText('1').waitFor()
    await doctor.getByTestId('chat-tab').click()
    await messagesOf(doctor).filter({ hasText: 'Hello doctor 👍' }).waitFor()
    await doctor.getByTestId('chat-unread').waitFor({ state: 'detached' })
    vexpect(await doctor.getByTestId('visit-chat').getByText('Robin', { exact: true }).count()).toBe(1)

    // An answer with an emoji, and a second line with Shift+Enter.
    await doctor.getByTestId('chat-input').fill('Hi Robin 😀')
    await doctor.getByTestId('chat-input').press('Shift+Enter')
    await doctor.getByTestId('chat-input').pressSequentially('See you soon')
    await doctor.getByTestId('chat-input').press('Enter')
    const answer = messagesOf(patient).filter({ hasText: 'Hi Robin 😀' })
    await answer.waitFor()
    vexpect(await answer.textContent()).toBe('Hi Robin 😀\nSee you soon')

    // With the patient's chat closed, two more messages are counted there.
    await patient.getByTestId('chat-tab').click()
    await sendChatMessage(doctor, 'One')
    await sendChatMessage(doctor, 'Two')
    await patient.getByTestId('chat-unread').getByText('2').waitFor()
    await patient.getByTestId('chat-tab').click()
    await patient.getByTestId('chat-unread').waitFor({ state: 'detached' })
    // The picker may add the emoji presentation selector (U+FE0F) after 👍; compare without it.
    vexpect((await messagesOf(patient).allTextContents()).map((text) => text.replace(/\uFE0F/g, ''))).toEqual(['Hello doctor 👍', 'Hi Robin 😀\nSee you soon', 'One', 'Two'])

    // Offline: the message waits as pending, then arrives exactly once when the connection returns.
    const cdp = await patientContext.newCDPSession(patient)
    await cdp.send('Network.enable')
    const network = (offline: boolean) =>
      cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await network(true)
    await sendChatMessage(patient, 'Typed while offline')
    await messagesOf(patient).filter({ hasText: 'Typed while offline' }).and(patient.locator('[data-pending="true"]')).waitFor()
    await patient.getByTestId('chat-pending').waitFor()
    await network(false)
    await messagesOf(patient).filter({ hasText: 'Typed while offline' }).and(patient.locator('[data-pending="false"]')).waitFor({ timeout: 60_000 })
    await messagesOf(doctor).filter({ hasText: 'Typed while offline' }).waitFor()
    const offlineCopies = await adminDb().collection(`${visitPath}/messages`).where('text', '==', 'Typed while offline').get()
    vexpect(offlineCopies.size).toBe(1)
    vexpect(await messagesOf(doctor).filter({ hasText: 'Typed while offline' }).count()).toBe(1)

    // The patient drops a PDF on the chat and shares it; the practitioner opens it in a new tab: the same bytes.
    const pdf = aPdfFile(300_000)
    await dropFiles(patient, [{ name: 'referral.pdf', mimeType: 'application/pdf', bytes: pdf }])
    await patient.getByTestId('chat-share').getByText('referral.pdf').waitFor()
    await patient.getByTestId('chat-share-confirm').click()
    await patient.locator('[data-testid="chat-file"][data-name="referral.pdf"][data-status="clean"]').waitFor({ timeout: 60_000 })
    const link = doctor.locator('[data-testid="chat-file"][data-name="referral.pdf"]').getByTestId('chat-file-open')
    await link.waitFor()
    const [tab] = await Promise.all([doctor.context().waitForEvent('page'), link.click()])
    await tab.waitForURL(/^blob:/)
    const opened = await doctor.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), tab.url())
    vexpect(sha256(Uint8Array.from(opened))).toBe(sha256(pdf))

    // The EICAR test file, by the paperclip: blocked for the patient, never shown to the practitioner.
    await patient.getByTestId('chat-file-input').setInputFiles({ name: 'eicar.txt', mimeType: 'text/plain', buffer: EICAR })
    await patient.getByTestId('chat-share-confirm').click()
    const blocked = patient.locator('[data-testid="chat-file"][data-name="eicar.txt"]')
    await blocked.getByTestId('chat-file-blocked').waitFor({ timeout: 60_000 })
    vexpect(await blocked.getByTestId('chat-file-open').count()).toBe(0)
    vexpect(await doctor.locator('[data-testid="chat-file"][data-name="eicar.txt"]').count()).toBe(0)
    const eicarRecords = await adminDb().collection(`${visitPath}/attachments`).where('fileName', '==', 'eicar.txt').get()
    vexpect(eicarRecords.docs.map((d) => d.get('status'))).toEqual(['infected'])
    vexpect((await eicarRecords.docs[0]!.ref.collection('chunks').count().get()).data().count).toBe(0)

    // The practitioner ends the visit: the chat is gone on both sides, and from the database.
    doctor.once('dialog', (dialog) => void dialog.accept())
    await doctor.getByTestId('end-call').click()
    await doctor.getByTestId('visit-ended').waitFor()
    await doctor.getByTestId('chat-ended').waitFor()
    await patient.locator('[data-problem="finished"]').waitFor()
    await patient.getByTestId('chat-ended').waitFor()
    vexpect((await adminDb().collection(`${visitPath}/messages`).count().get()).data().count).toBe(0)
    vexpect((await adminDb().collection(`${visitPath}/attachments`).count().get()).data().count).toBe(0)
  })
})

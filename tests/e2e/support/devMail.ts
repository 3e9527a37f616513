/**
 * The development mail output: offline, emails stay in the `mail` collection (no Trigger Email extension), and
 * `npm run dev` prints them. Tests read them here, as a person would read the printed email.
 */
import { getApps, initializeApp } from 'firebase-admin/app'
import { getFirestore } from 'firebase-admin/firestore'

function db() {
  if (!getApps().length) initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? 'demo-telehealth' })
  return getFirestore()
}

/** The path (`/invitation/…`) of the newest member invitation link emailed to `email`, once it has been written. */
export async function invitationPathFor(email: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const mail = await db().collection('mail').where('to', '==', email).where('kind', '==', 'member-invitation').get()
    const newest = mail.docs.map((d) => d.data()).sort((a, b) => (b.createdAt?.toMillis() ?? 0) - (a.createdAt?.toMillis() ?? 0))[0]
    const link = String(newest?.message?.text ?? '').match(/https?:\/\/\S+(\/invitation\/[A-Za-z0-9_-]{22})/)
    if (link) return link[1]!
    if (Date.now() > deadline) throw new Error(`No invitation email to ${email}.`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

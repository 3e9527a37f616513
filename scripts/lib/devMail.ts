/**
 * Development mail output: emails are never sent offline (no Trigger Email extension on the emulators), so member
 * invitations written to the `mail` collection are printed as they arrive, link included.
 */
import { getFirestore } from 'firebase-admin/firestore'

export function printMemberInvitationMail(): () => void {
  const startedAt = Date.now()
  return getFirestore()
    .collection('mail')
    .where('kind', '==', 'member-invitation')
    .onSnapshot(
      (snapshot) => {
        for (const change of snapshot.docChanges()) {
          const createdAt = change.doc.get('createdAt')?.toMillis?.() ?? Date.now()
          if (change.type !== 'added' || createdAt < startedAt) continue
          const text = String(change.doc.get('message.text') ?? '')
          console.log(`\n  Email (not sent, development) to ${change.doc.get('to')}: ${change.doc.get('message.subject')}\n${text.replace(/^/gm, '    ')}\n`)
        }
      },
      (err) => console.warn(`  (Could not follow the mail collection: ${err.message})`),
    )
}

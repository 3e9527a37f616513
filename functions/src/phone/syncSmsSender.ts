import { FieldValue } from 'firebase-admin/firestore'
import { onDocumentWritten } from 'firebase-functions/v2/firestore'
import { smsSenderFrom, type PhoneNumberDoc } from '../domain/phoneNumbers'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { phonePaths } from './phoneStore'

/**
 * Keeps `practices/{p}.smsFrom` (the sender the reminders use) on the practice's own SMS-capable number whenever its
 * numbers change, so reminders go out from the number patients see calls from. A practice with no SMS-capable number
 * keeps whatever sender it had (the default, or one set by an admin).
 */
export const syncSmsSender = onDocumentWritten('practices/{practiceId}/phoneNumbers/{e164}', async (event) => {
  const practiceId = event.params.practiceId
  const snap = await db().collection(phonePaths.numbers(practiceId)).get()
  const sender = smsSenderFrom(snap.docs.map((d) => ({ id: d.id, data: d.data() as PhoneNumberDoc })))
  if (!sender) return
  const practice = db().doc(paths.practice(practiceId))
  const current = await practice.get()
  if (!current.exists || current.get('smsFrom') === sender) return
  await practice.update({ smsFrom: sender, updatedAt: FieldValue.serverTimestamp() })
})

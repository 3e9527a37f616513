import type { CallDoc as SharedCallDoc } from '../domain/callLog'
import type { PhoneNumberDoc } from '../domain/phoneNumbers'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

/** Paths of the phone's collections, by the names the phone's functions use (the paths themselves are domain/paths.ts). */
export const phonePaths = {
  numbers: paths.phoneNumbers,
  number: paths.phoneNumber,
  contact: paths.contact,
  patient: paths.patient,
  appointment: paths.appointment,
  calls: paths.calls,
  call: paths.call,
}

export type { RecipientKind } from '../domain/callLog'

/** One call log entry as the Admin SDK reads and writes it. */
export type CallDoc = SharedCallDoc<FirebaseFirestore.Timestamp>

export async function readPhoneNumber(practiceId: string, e164: string): Promise<PhoneNumberDoc | null> {
  const snap = await db().doc(phonePaths.number(practiceId, e164)).get()
  return snap.exists ? (snap.data() as PhoneNumberDoc) : null
}

/** The voice numbers `uid` may call from, in id order. */
export async function numbersFor(practiceId: string, uid: string): Promise<{ e164: string; label: string }[]> {
  const snap = await db().collection(phonePaths.numbers(practiceId)).where('allowedMemberIds', 'array-contains', uid).get()
  return snap.docs
    .filter((d) => d.get('capabilities.voice') === true)
    .map((d) => ({ e164: d.id, label: String(d.get('label') ?? '') }))
    .sort((a, b) => a.e164.localeCompare(b.e164))
}

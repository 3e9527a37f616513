import type { CallStatus } from '../domain/callLog'
import type { PhoneNumberDoc } from '../domain/phoneNumbers'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

/** Paths of the phone's collections (docs/data-model.md, "Browser phone"). */
export const phonePaths = {
  numbers: (practiceId: string) => `${paths.practice(practiceId)}/phoneNumbers`,
  number: (practiceId: string, e164: string) => `${paths.practice(practiceId)}/phoneNumbers/${e164}`,
  contact: (practiceId: string, contactId: string) => `${paths.practice(practiceId)}/contacts/${contactId}`,
  patient: (practiceId: string, patientId: string) => `${paths.practice(practiceId)}/patients/${patientId}`,
  appointment: (practiceId: string, appointmentId: string) => `${paths.practice(practiceId)}/appointments/${appointmentId}`,
  calls: (practiceId: string) => `${paths.practice(practiceId)}/calls`,
  call: (practiceId: string, callSid: string) => `${paths.practice(practiceId)}/calls/${callSid}`,
}

export type RecipientKind = 'patient' | 'contact'

/**
 * One call, keyed by the browser leg's Call SID (the CallSid of the voice webhook), written only by functions. The
 * callee leg's callbacks move `status` through the state machine in domain/callLog.ts.
 */
export interface CallDoc {
  callSid: string
  calleeCallSid: string | null
  placedBy: string
  placedByName: string
  onBehalfOf: string
  onBehalfOfName: string
  /** Who may read the entry besides owners: the placer and the practitioner it was on behalf of. */
  visibleTo: string[]
  from: string
  to: string
  recipient: { kind: RecipientKind; id: string; name: string }
  /** Lower-case recipient name, for the report's exact-name filter. */
  recipientNameLower: string
  appointmentId: string | null
  status: CallStatus
  lastSequence: number
  startedAt: FirebaseFirestore.Timestamp
  answeredAt: FirebaseFirestore.Timestamp | null
  endedAt: FirebaseFirestore.Timestamp | null
  durationSeconds: number
  credits: number
  charged: boolean
  held: boolean
}

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

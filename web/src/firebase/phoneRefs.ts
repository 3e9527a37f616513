/**
 * References to the phone's collections (docs/data-model.md, "Browser phone"): numbers and the call log are
 * read-only for the console (functions write them); contacts are written by owners and staff under the rules.
 */
import { collection, doc, type CollectionReference, type DocumentReference, type Timestamp } from 'firebase/firestore'
import { db } from './firestore'

export interface PhoneNumber {
  id: string
  label: string
  capabilities: { voice: boolean; sms: boolean }
  allowedMemberIds: string[]
}

export interface Contact {
  id: string
  name: string
  organisation: string
  phone: string
  createdAt?: Timestamp
  updatedAt?: Timestamp
}

export type CallLogStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled'

export interface CallLogEntry {
  id: string
  callSid: string
  placedBy: string
  placedByName: string
  onBehalfOf: string
  onBehalfOfName: string
  visibleTo: string[]
  from: string
  to: string
  recipient: { kind: 'patient' | 'contact'; id: string; name: string }
  recipientNameLower: string
  appointmentId: string | null
  status: CallLogStatus
  startedAt: Timestamp
  answeredAt: Timestamp | null
  endedAt: Timestamp | null
  durationSeconds: number
  credits: number
  held: boolean
}

const withId = <T extends { id: string }>() => ({
  toFirestore: (value: T) => {
    const { id: _id, ...rest } = value
    return rest
  },
  fromFirestore: (snapshot: { id: string; data: () => unknown }) => ({ ...(snapshot.data() as object), id: snapshot.id }) as T,
})

export const phoneNumbersRef = (practiceId: string) =>
  collection(db, 'practices', practiceId, 'phoneNumbers').withConverter(withId<PhoneNumber>()) as CollectionReference<PhoneNumber>

export const contactsRef = (practiceId: string) =>
  collection(db, 'practices', practiceId, 'contacts').withConverter(withId<Contact>()) as CollectionReference<Contact>

export const callsRef = (practiceId: string) =>
  collection(db, 'practices', practiceId, 'calls').withConverter(withId<CallLogEntry>()) as CollectionReference<CallLogEntry>

export const callRef = (practiceId: string, callSid: string) =>
  doc(db, 'practices', practiceId, 'calls', callSid).withConverter(withId<CallLogEntry>()) as DocumentReference<CallLogEntry>

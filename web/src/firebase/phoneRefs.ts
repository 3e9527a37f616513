/**
 * References to the phone's collections (docs/data-model.md, "Browser phone"): numbers and the call log are
 * read-only for the console (functions write them); contacts are written by owners and staff under the rules.
 */
import { collection, doc, type CollectionReference, type DocumentReference, type Timestamp } from 'firebase/firestore'
import type { CallDoc, CallStatus } from '@domain/callLog'
import type { PhoneNumberDoc } from '@domain/phoneNumbers'
import { db } from './firestore'
import { paths } from './paths'

export interface PhoneNumber extends PhoneNumberDoc {
  id: string
}

export interface Contact {
  id: string
  name: string
  organisation: string
  phone: string
  createdAt?: Timestamp
  updatedAt?: Timestamp
}

export type CallLogStatus = CallStatus

/** A call log entry as the console reads it (the document shape is domain/callLog.ts's, shared with the functions). */
export interface CallLogEntry extends CallDoc<Timestamp> {
  id: string
}

const withId = <T extends { id: string }>() => ({
  toFirestore: (value: T) => {
    const { id: _id, ...rest } = value
    return rest
  },
  fromFirestore: (snapshot: { id: string; data: () => unknown }) => ({ ...(snapshot.data() as object), id: snapshot.id }) as T,
})

export const phoneNumbersRef = (practiceId: string) =>
  collection(db, paths.phoneNumbers(practiceId)).withConverter(withId<PhoneNumber>()) as CollectionReference<PhoneNumber>

export const contactsRef = (practiceId: string) =>
  collection(db, paths.contacts(practiceId)).withConverter(withId<Contact>()) as CollectionReference<Contact>

export const callsRef = (practiceId: string) =>
  collection(db, paths.calls(practiceId)).withConverter(withId<CallLogEntry>()) as CollectionReference<CallLogEntry>

export const callRef = (practiceId: string, callSid: string) =>
  doc(db, paths.call(practiceId, callSid)).withConverter(withId<CallLogEntry>()) as DocumentReference<CallLogEntry>

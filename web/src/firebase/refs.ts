/**
 * Typed references to the documents and collections the console reads. The console never writes
 * these directly (callables do), so the converters refuse to serialise.
 */
import {
  collection,
  doc,
  type CollectionReference,
  type DocumentData,
  type DocumentReference,
  type FirestoreDataConverter,
} from 'firebase/firestore'
import { db } from './app'
import type { Appointment, Member, Practice, UserProfile } from './models'

function readOnlyConverter<T extends { id: string }>(): FirestoreDataConverter<T, DocumentData> {
  return {
    toFirestore() {
      throw new Error('The console does not write this document directly; use the callable.')
    },
    // Trusts the stored shape: writes go through validated callables and security rules.
    fromFirestore: (snapshot, options) => ({ ...snapshot.data(options), id: snapshot.id }) as T,
  }
}

const practiceConverter = readOnlyConverter<Practice>()
const memberConverter = readOnlyConverter<Member>()
const appointmentConverter = readOnlyConverter<Appointment>()
const userConverter = readOnlyConverter<UserProfile>()

export function practiceRef(practiceId: string): DocumentReference<Practice> {
  return doc(db, 'practices', practiceId).withConverter(practiceConverter)
}

export function membersRef(practiceId: string): CollectionReference<Member> {
  return collection(db, 'practices', practiceId, 'members').withConverter(memberConverter)
}

export function memberRef(practiceId: string, uid: string): DocumentReference<Member> {
  return doc(db, 'practices', practiceId, 'members', uid).withConverter(memberConverter)
}

export function appointmentsRef(practiceId: string): CollectionReference<Appointment> {
  return collection(db, 'practices', practiceId, 'appointments').withConverter(appointmentConverter)
}

export function userRef(uid: string): DocumentReference<UserProfile> {
  return doc(db, 'users', uid).withConverter(userConverter)
}

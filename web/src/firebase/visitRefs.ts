/**
 * Typed references to a video visit's documents (practices/{p}/visits/{appointmentId} and its participants), for
 * the console and the patient's page alike: they take the caller's Firestore, not the console's app.
 * Shapes: functions/src/domain/visit.ts.
 */
import {
  collection,
  doc,
  type CollectionReference,
  type DocumentData,
  type DocumentReference,
  type Firestore,
  type FirestoreDataConverter,
  type Timestamp,
} from 'firebase/firestore'
import type { ParticipantDoc, VisitDoc } from '@domain/visit'
import { paths } from './paths'

export interface Visit extends Omit<VisitDoc, 'practitionerJoinedAt' | 'endedAt'> {
  id: string
  practitionerJoinedAt: Timestamp | null
  endedAt: Timestamp | null
}

export interface Participant extends Omit<ParticipantDoc, 'joinedAt' | 'lastSeenAt'> {
  id: string
  joinedAt: Timestamp | null
  lastSeenAt: Timestamp | null
}

function converter<T extends { id: string }>(): FirestoreDataConverter<T, DocumentData> {
  return {
    toFirestore: (value) => value as DocumentData,
    // Our own heartbeats are pending server timestamps for a moment; estimate them rather than show null.
    fromFirestore: (snapshot) => ({ ...snapshot.data({ serverTimestamps: 'estimate' }), id: snapshot.id }) as T,
  }
}

const visitConverter = converter<Visit>()
const participantConverter = converter<Participant>()

export function visitRef(db: Firestore, practiceId: string, appointmentId: string): DocumentReference<Visit> {
  return doc(db, paths.visit(practiceId, appointmentId)).withConverter(visitConverter)
}

export function participantsRef(db: Firestore, practiceId: string, appointmentId: string): CollectionReference<Participant> {
  return collection(db, paths.visitParticipants(practiceId, appointmentId)).withConverter(participantConverter)
}

/** One participant's presence document, untyped: presence writes use field values (serverTimestamp). */
export function participantDocRef(db: Firestore, practiceId: string, appointmentId: string, uid: string): DocumentReference {
  return doc(db, paths.visitParticipant(practiceId, appointmentId, uid))
}

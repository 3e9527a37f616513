/**
 * Typed references to the documents and collections the console reads. The console never writes
 * these directly (callables do), so the converters refuse to serialise.
 */
import {
  collection,
  doc,
  orderBy,
  query,
  Timestamp,
  where,
  type Query,
  type CollectionReference,
  type DocumentData,
  type DocumentReference,
  type FirestoreDataConverter,
} from 'firebase/firestore'
import { db } from './firestore'
import { paths } from './paths'
import type { Appointment, AuditEntry, CreditBalance, LedgerEntry, Member, MemberInvitation, Patient, Practice, Reminder, UserProfile } from './models'
import type { ReminderTemplateDoc } from './models'

function readOnlyConverter<T extends { id: string }>(): FirestoreDataConverter<T, DocumentData> {
  return {
    toFirestore() {
      throw new Error('The console does not write this document directly; use the callable.')
    },
    // Trusts the stored shape: writes go through validated callables and security rules.
    fromFirestore: (snapshot, options) => ({ ...snapshot.data(options), id: snapshot.id }) as T,
  }
}

// One converter serves every model: it only adds the document id. Shared, so two references to the same
// document stay equal (refEqual compares converters too).
const readOnly = readOnlyConverter<{ id: string }>()

/** A read-only typed reference to the document at `path`. */
function readOnlyDoc<T extends { id: string }>(path: string): DocumentReference<T> {
  return doc(db, path).withConverter(readOnly as FirestoreDataConverter<T, DocumentData>)
}

/** A read-only typed reference to the collection at `path`. */
function readOnlyCollection<T extends { id: string }>(path: string): CollectionReference<T> {
  return collection(db, path).withConverter(readOnly as FirestoreDataConverter<T, DocumentData>)
}

export function practiceRef(practiceId: string): DocumentReference<Practice> {
  return readOnlyDoc<Practice>(paths.practice(practiceId))
}

export function membersRef(practiceId: string): CollectionReference<Member> {
  return readOnlyCollection<Member>(paths.members(practiceId))
}

/** The practice's pending member invitations (owners only; the rules need the practiceId filter). */
export function pendingInvitationsQuery(practiceId: string): Query<MemberInvitation> {
  return query(
    readOnlyCollection<MemberInvitation>(paths.memberInvitations()),
    where('practiceId', '==', practiceId),
    where('status', '==', 'pending'),
  )
}

export function memberRef(practiceId: string, uid: string): DocumentReference<Member> {
  return readOnlyDoc<Member>(paths.member(practiceId, uid))
}

export function appointmentsRef(practiceId: string): CollectionReference<Appointment> {
  return readOnlyCollection<Appointment>(paths.appointments(practiceId))
}

/**
 * The practice's appointments starting in [start, end), by start time; only `practitionerId`'s when given. A
 * practitioner must always pass their own uid: the security rules reject a practitioner's query that does not
 * filter on `practitionerId`. The calendar and today's schedule both list appointments through this one query.
 */
export function appointmentsInRange(practiceId: string, range: { start: Date; end: Date }, practitionerId?: string | null): Query<Appointment> {
  return query(
    appointmentsRef(practiceId),
    ...(practitionerId ? [where('practitionerId', '==', practitionerId)] : []),
    where('start', '>=', Timestamp.fromDate(range.start)),
    where('start', '<', Timestamp.fromDate(range.end)),
    orderBy('start'),
  )
}

export function appointmentRef(practiceId: string, appointmentId: string): DocumentReference<Appointment> {
  return readOnlyDoc<Appointment>(paths.appointment(practiceId, appointmentId))
}

/** Read-only patients, for pickers and search (patient forms write through their own converter). */
export function patientsRef(practiceId: string): CollectionReference<Patient> {
  return readOnlyCollection<Patient>(paths.patients(practiceId))
}

export function patientRef(practiceId: string, patientId: string): DocumentReference<Patient> {
  return readOnlyDoc<Patient>(paths.patient(practiceId, patientId))
}

export function remindersRef(practiceId: string, appointmentId: string): CollectionReference<Reminder> {
  return readOnlyCollection<Reminder>(paths.reminders(practiceId, appointmentId))
}

/** The practice's saved reminder templates (written only by the saveReminderTemplate callable). */
export function templatesRef(practiceId: string): CollectionReference<ReminderTemplateDoc> {
  return readOnlyCollection<ReminderTemplateDoc>(paths.templates(practiceId))
}

export function userRef(uid: string): DocumentReference<UserProfile> {
  return readOnlyDoc<UserProfile>(paths.user(uid))
}

/** The practice's credit balance (owners only). */
export function creditBalanceRef(practiceId: string): DocumentReference<CreditBalance> {
  return readOnlyDoc<CreditBalance>(paths.creditBalance(practiceId))
}

export function creditLedgerRef(practiceId: string): CollectionReference<LedgerEntry> {
  return readOnlyCollection<LedgerEntry>(paths.creditLedger(practiceId))
}

export function auditRef(practiceId: string): CollectionReference<AuditEntry> {
  return readOnlyCollection<AuditEntry>(paths.audit(practiceId))
}

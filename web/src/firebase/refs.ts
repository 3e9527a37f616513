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

const practiceConverter = readOnlyConverter<Practice>()
const memberConverter = readOnlyConverter<Member>()
const invitationConverter = readOnlyConverter<MemberInvitation>()
const appointmentConverter = readOnlyConverter<Appointment>()
const userConverter = readOnlyConverter<UserProfile>()
const patientConverter = readOnlyConverter<Patient>()
const reminderConverter = readOnlyConverter<Reminder>()
const templateConverter = readOnlyConverter<ReminderTemplateDoc>()

export function practiceRef(practiceId: string): DocumentReference<Practice> {
  return doc(db, paths.practice(practiceId)).withConverter(practiceConverter)
}

export function membersRef(practiceId: string): CollectionReference<Member> {
  return collection(db, paths.members(practiceId)).withConverter(memberConverter)
}

/** The practice's pending member invitations (owners only; the rules need the practiceId filter). */
export function pendingInvitationsQuery(practiceId: string): Query<MemberInvitation> {
  return query(
    collection(db, 'memberInvitations').withConverter(invitationConverter),
    where('practiceId', '==', practiceId),
    where('status', '==', 'pending'),
  )
}

export function memberRef(practiceId: string, uid: string): DocumentReference<Member> {
  return doc(db, paths.member(practiceId, uid)).withConverter(memberConverter)
}

export function appointmentsRef(practiceId: string): CollectionReference<Appointment> {
  return collection(db, paths.appointments(practiceId)).withConverter(appointmentConverter)
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
  return doc(db, paths.appointment(practiceId, appointmentId)).withConverter(appointmentConverter)
}

/** Read-only patients, for pickers and search (patient forms write through their own converter). */
export function patientsRef(practiceId: string): CollectionReference<Patient> {
  return collection(db, paths.patients(practiceId)).withConverter(patientConverter)
}

export function patientRef(practiceId: string, patientId: string): DocumentReference<Patient> {
  return doc(db, paths.patient(practiceId, patientId)).withConverter(patientConverter)
}

export function remindersRef(practiceId: string, appointmentId: string): CollectionReference<Reminder> {
  return collection(db, paths.reminders(practiceId, appointmentId)).withConverter(reminderConverter)
}

/** The practice's saved reminder templates (written only by the saveReminderTemplate callable). */
export function templatesRef(practiceId: string): CollectionReference<ReminderTemplateDoc> {
  return collection(db, paths.templates(practiceId)).withConverter(templateConverter)
}

export function userRef(uid: string): DocumentReference<UserProfile> {
  return doc(db, paths.user(uid)).withConverter(userConverter)
}

const balanceConverter = readOnlyConverter<CreditBalance>()
const ledgerConverter = readOnlyConverter<LedgerEntry>()
const auditConverter = readOnlyConverter<AuditEntry>()

/** The practice's credit balance (owners only). */
export function creditBalanceRef(practiceId: string): DocumentReference<CreditBalance> {
  return doc(db, paths.creditBalance(practiceId)).withConverter(balanceConverter)
}

export function creditLedgerRef(practiceId: string): CollectionReference<LedgerEntry> {
  return collection(db, paths.creditLedger(practiceId)).withConverter(ledgerConverter)
}

export function auditRef(practiceId: string): CollectionReference<AuditEntry> {
  return collection(db, paths.audit(practiceId)).withConverter(auditConverter)
}

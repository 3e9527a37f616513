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
import { db } from './firestore'
import { paths } from './paths'
import type { Appointment, Member, Patient, Practice, Reminder, UserProfile } from './models'
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

export function memberRef(practiceId: string, uid: string): DocumentReference<Member> {
  return doc(db, paths.member(practiceId, uid)).withConverter(memberConverter)
}

export function appointmentsRef(practiceId: string): CollectionReference<Appointment> {
  return collection(db, paths.appointments(practiceId)).withConverter(appointmentConverter)
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

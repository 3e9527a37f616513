/**
 * Patient writes from the console. Patients are the one practice collection members write directly
 * (no callable): the security rules validate the whole stored document on every write
 * (firestore.rules, `patients`), so every write here leaves a complete, valid document behind.
 * Times are always the server's (`serverTimestamp()`), which the rules require.
 */
import { patientSearchTokens, type PatientDetails } from '@domain/patientContact'
import { collection, doc, serverTimestamp, setDoc, updateDoc, type DocumentData } from 'firebase/firestore'
import { MESSAGING_CHANNELS, type MessagingChannel } from '@domain/messaging'
import { db } from './firestore'
import { paths } from './paths'
import type { Patient } from './models'


/** `source` of consent and opt-outs recorded in the console. */
export const CONSOLE_SOURCE = 'staff'

function consentRecord(granted: boolean) {
  return { granted, updatedAt: serverTimestamp(), source: CONSOLE_SOURCE }
}

function patientsCollection(practiceId: string) {
  return collection(db, paths.patients(practiceId))
}

/**
 * Fields a document written before the current shape may lack (no search tokens, no optOut map,
 * '' for "no email"), filled in so that any update leaves a document the rules accept.
 */
function completedFields(stored: Patient): DocumentData {
  const fill: DocumentData = {}
  if (!stored.searchTokens) fill.searchTokens = patientSearchTokens(stored)
  for (const channel of MESSAGING_CHANNELS) {
    if (stored.optOut?.[channel] === undefined) fill[`optOut.${channel}`] = null
    if (!stored.consent?.[channel]) fill[`consent.${channel}`] = consentRecord(false)
  }
  if (stored.email === '' || stored.email === undefined) fill.email = null
  if (stored.mobile === '' || stored.mobile === undefined) fill.mobile = null
  return fill
}

/** Creates a patient; returns the new id. `consent` is what the patient agreed to today. */
export async function createPatient(
  practiceId: string,
  details: PatientDetails,
  consent: Record<MessagingChannel, boolean>,
): Promise<string> {
  const reference = doc(patientsCollection(practiceId))
  await setDoc(reference, {
    ...details,
    consent: { email: consentRecord(consent.email), sms: consentRecord(consent.sms) },
    optOut: { email: null, sms: null },
    searchTokens: patientSearchTokens(details),
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  })
  return reference.id
}

/**
 * Saves edited details. A consent record is rewritten (with a new time and source) only for the
 * channels whose answer changed, so the stored time says when the patient last said yes or no.
 */
export async function updatePatient(
  practiceId: string,
  stored: Patient,
  details: PatientDetails,
  consent: Partial<Record<MessagingChannel, boolean>>,
): Promise<void> {
  const changes: DocumentData = { ...completedFields(stored), ...details }
  for (const channel of MESSAGING_CHANNELS) {
    const granted = consent[channel]
    if (granted !== undefined && granted !== stored.consent?.[channel]?.granted) {
      changes[`consent.${channel}`] = consentRecord(granted)
    }
  }
  changes.searchTokens = patientSearchTokens(details)
  changes.updatedAt = serverTimestamp()
  await updateDoc(doc(patientsCollection(practiceId), stored.id), changes)
}

/** Records that the patient asked not to receive reminders on `channel` (told reception, say). */
export async function recordOptOut(practiceId: string, stored: Patient, channel: MessagingChannel): Promise<void> {
  await updateDoc(doc(patientsCollection(practiceId), stored.id), {
    ...completedFields(stored),
    [`optOut.${channel}`]: { at: serverTimestamp(), source: CONSOLE_SOURCE },
    updatedAt: serverTimestamp(),
  })
}

/**
 * Lifts an opt-out because the patient asked to receive reminders again: the opt-out is cleared and
 * a new consent recorded at the same moment (the rules allow one only with the other).
 */
export async function recordReconsent(practiceId: string, stored: Patient, channel: MessagingChannel): Promise<void> {
  await updateDoc(doc(patientsCollection(practiceId), stored.id), {
    ...completedFields(stored),
    [`optOut.${channel}`]: null,
    [`consent.${channel}`]: consentRecord(true),
    updatedAt: serverTimestamp(),
  })
}

/**
 * A video appointment as saveAppointment and the invite issuing would leave it, seeded straight into the emulator:
 * the functions suites that exercise visits need one with an active invite per patient, and the claims each
 * patient's token would carry once redeemed.
 */
import { randomBytes } from 'node:crypto'
import type { PatientClaims } from '../../../functions/src/domain/visit'
import { paths } from '../../../functions/src/domain/paths'
import { admin } from './emulators'

const MINUTE = 60_000

export interface VideoAppointmentSeed {
  practiceId: string
  practitionerId: string
  practitionerName: string
  start: Date
  durationMinutes?: number
  /** Patient ids; each gets an active invite. */
  patients: string[]
  /** The name the appointment lists for a patient. */
  patientName: (patientId: string) => { firstName: string; lastName: string }
}

export interface SeededVideoAppointment {
  appointmentId: string
  start: Date
  ref: { practiceId: string; appointmentId: string }
  /** Per patient id, the claims of the token redeeming their invite mints. */
  claims: Record<string, PatientClaims>
}

export async function seedVideoAppointment(seed: VideoAppointmentSeed): Promise<SeededVideoAppointment> {
  const { practiceId, patients, start } = seed
  const appointmentId = `appt-${randomBytes(4).toString('hex')}`
  await admin()
    .db.doc(paths.appointment(practiceId, appointmentId))
    .set({
      practitionerId: seed.practitionerId,
      practitionerName: seed.practitionerName,
      start,
      end: new Date(start.getTime() + (seed.durationMinutes ?? 30) * MINUTE),
      location: 'video',
      status: 'scheduled',
      patientIds: patients,
      patients: patients.map((id) => ({ id, ...seed.patientName(id) })),
      notes: '',
    })
  const claims: Record<string, PatientClaims> = {}
  for (const patientId of patients) {
    const inviteId = randomBytes(32).toString('hex')
    await admin().db.doc(paths.invite(inviteId)).set({ practiceId, appointmentId, patientId, nonce: 'n', codeHash: 'h', status: 'active', failedAttempts: 0 })
    claims[patientId] = { practiceId, appointmentId, inviteId, patientId }
  }
  return { appointmentId, start, ref: { practiceId, appointmentId }, claims }
}

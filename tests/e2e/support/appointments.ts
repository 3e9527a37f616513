import { inject } from 'vitest'
import { signedInClient } from '../../functions/support/emulators'

const RECEPTION = 'reception@harbourside.example'

/**
 * Books a video appointment through saveAppointment as the demo practice's reception (overlaps allowed), as test
 * set-up; returns its id.
 */
export async function bookAsReception(practitionerId: string, start: Date, patientIds: string[], durationMinutes = 30): Promise<string> {
  const seed = inject('seed')
  const staff = await signedInClient(RECEPTION, seed.members[0]!.password)
  const { appointmentId } = await staff.call<{ appointmentId: string }>('saveAppointment', {
    practiceId: seed.practiceId,
    practitionerId,
    start: start.toISOString(),
    durationMinutes,
    location: 'video',
    patientIds,
    notes: '',
    allowOverlap: true,
  })
  return appointmentId
}

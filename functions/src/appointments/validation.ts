import { z } from 'zod'
import { APPOINTMENT_LOCATIONS } from '../domain/appointmentRules'

const id = z.string().min(1).max(128)

export const SaveAppointmentInput = z.object({
  practiceId: id,
  appointmentId: id.optional(),
  practitionerId: id.min(1, 'Choose a practitioner.'),
  start: z.iso.datetime({ offset: true, message: 'Choose a valid start date and time.' }).transform((s) => new Date(s)),
  durationMinutes: z.number({ message: 'Enter the duration in minutes.' }).int('Enter the duration in whole minutes.'),
  location: z.enum(APPOINTMENT_LOCATIONS, { message: 'Choose a location: video, phone or in person.' }),
  patientIds: z.array(id).max(10, 'Too many patients.'),
  notes: z.string().max(500, 'Notes are at most 500 characters.').default(''),
})

export const CancelAppointmentInput = z.object({
  practiceId: id,
  appointmentId: id,
  reason: z.string().max(200, 'The reason is at most 200 characters.').optional(),
})

export const RevealInvitesInput = z.object({ practiceId: id, appointmentId: id })

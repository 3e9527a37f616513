import { z } from 'zod'
import { APPOINTMENT_LOCATIONS } from '../domain/appointmentRules'
import { callableInput, documentId } from '../lib/validation'

const practiceId = documentId('practice')
const appointmentId = documentId('appointment')

export const SaveAppointmentInput = callableInput({
  practiceId,
  appointmentId: appointmentId.optional(),
  practitionerId: z.string({ error: 'Choose a practitioner.' }).min(1, 'Choose a practitioner.').pipe(documentId('practitioner')),
  // Bounds (MAX_YEARS_FROM_NOW) are validateAppointmentDraft's, the check the console form runs too.
  start: z.iso.datetime({ offset: true, message: 'Choose a valid start date and time.' }).transform((s) => new Date(s)),
  durationMinutes: z.number({ message: 'Enter the duration in minutes.' }).int('Enter the duration in whole minutes.'),
  location: z.enum(APPOINTMENT_LOCATIONS, { message: 'Choose a location: video, phone or in person.' }),
  patientIds: z.array(documentId('patient'), { error: 'Add at least one patient.' }).max(10, 'Too many patients.'),
  notes: z.string({ error: 'Notes must be text.' }).max(500, 'Notes are at most 500 characters.').default(''),
  // Set once the person has seen the clash and chosen "Book anyway".
  allowOverlap: z.boolean({ error: 'allowOverlap must be true or false.' }).default(false),
})

export const CancelAppointmentInput = callableInput({
  practiceId,
  appointmentId,
  reason: z.string({ error: 'The reason must be text.' }).max(200, 'The reason is at most 200 characters.').optional(),
})

export const RevealInvitesInput = callableInput({ practiceId, appointmentId })

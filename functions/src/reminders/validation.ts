import { z } from 'zod'
import { APPOINTMENT_LOCATIONS } from '../domain/appointmentRules'
import { MESSAGING_CHANNELS } from '../domain/messaging'
import { callableInput, documentId } from '../lib/validation'

const channel = z.enum(MESSAGING_CHANNELS, { message: 'Choose email or SMS.' })

export const ResendInviteInput = callableInput({
  practiceId: documentId('practice'),
  appointmentId: documentId('appointment'),
  patientId: documentId('patient'),
  channel,
})

export const SaveReminderTemplateInput = callableInput({
  practiceId: documentId('practice'),
  kind: z.enum(APPOINTMENT_LOCATIONS, { message: 'Choose video, phone or in person.' }),
  channel,
  subject: z.string({ error: 'The subject must be text.' }).max(1000).optional(),
  body: z.string({ message: 'Enter the message text.' }).max(10_000),
})

export const UnsubscribeInput = callableInput({
  token: z.string({ message: 'This unsubscribe link is incomplete.' }).min(1, 'This unsubscribe link is incomplete.').max(1000),
})

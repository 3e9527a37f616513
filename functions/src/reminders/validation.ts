import { z } from 'zod'
import { MESSAGING_CHANNELS } from '../domain/messaging'
import { TEMPLATE_KINDS } from '../domain/reminderTemplate'
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
  kind: z.enum(TEMPLATE_KINDS, { message: 'Choose video, phone, in person or video booking confirmation.' }),
  channel,
  subject: z.string({ error: 'The subject must be text.' }).max(1000).optional(),
  body: z.string({ message: 'Enter the message text.' }).max(10_000),
})

export const UnsubscribeInput = callableInput({
  token: z.string({ message: 'This unsubscribe link is incomplete.' }).min(1, 'This unsubscribe link is incomplete.').max(1000),
})

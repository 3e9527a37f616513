import { z } from 'zod'
import { APPOINTMENT_LOCATIONS } from '../domain/appointmentRules'
import { MESSAGING_CHANNELS } from '../domain/messaging'

const id = z.string().min(1).max(128)
const channel = z.enum(MESSAGING_CHANNELS, { message: 'Choose email or SMS.' })

export const ResendInviteInput = z.object({ practiceId: id, appointmentId: id, patientId: id, channel })

export const SaveReminderTemplateInput = z.object({
  practiceId: id,
  kind: z.enum(APPOINTMENT_LOCATIONS, { message: 'Choose video, phone or in person.' }),
  channel,
  subject: z.string().max(1000).optional(),
  body: z.string({ message: 'Enter the message text.' }).max(10_000),
})

export const UnsubscribeInput = z.object({
  token: z.string({ message: 'This unsubscribe link is incomplete.' }).min(1, 'This unsubscribe link is incomplete.').max(1000),
})

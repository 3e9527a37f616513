import { z } from 'zod'
import { JOIN_TOKEN_PATTERN } from '../domain/invite'
import { callableInput, documentId } from '../lib/validation'

const token = z
  .string({ message: 'This link is incomplete. Open it again from your message, or copy the whole link into your browser.' })
  .regex(JOIN_TOKEN_PATTERN, 'This link is incomplete. Open it again from your message, or copy the whole link into your browser.')

export const CheckInviteInput = callableInput({ token })

export const RedeemInviteInput = callableInput({
  token,
  code: z.string({ message: 'Enter the 6-digit code from your message.' }).regex(/^\d{6}$/, 'Enter the 6-digit code from your message.'),
})

export const ReissueInviteInput = callableInput({
  practiceId: documentId('practice'),
  appointmentId: documentId('appointment'),
  patientId: documentId('patient'),
})

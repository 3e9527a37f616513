import { z } from 'zod'
import { callableInput } from '../lib/validation'

/** A link token: 128 bits, base64url without padding (see inviteSecrets.ts). Anything else is a damaged link. */
const token = z
  .string({ message: 'This link is incomplete. Open it again from your message, or copy the whole link into your browser.' })
  .regex(/^[A-Za-z0-9_-]{22}$/, 'This link is incomplete. Open it again from your message, or copy the whole link into your browser.')

export const CheckInviteInput = callableInput({ token })

export const RedeemInviteInput = callableInput({
  token,
  code: z.string({ message: 'Enter the 6-digit code from your message.' }).regex(/^\d{6}$/, 'Enter the 6-digit code from your message.'),
})

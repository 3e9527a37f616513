import { z } from 'zod'

/** A link token: 128 bits, base64url without padding (see inviteSecrets.ts). Anything else is a damaged link. */
const token = z
  .string({ message: 'This link is incomplete. Open it again from your message, or copy the whole link into your browser.' })
  .regex(/^[A-Za-z0-9_-]{22}$/, 'This link is incomplete. Open it again from your message, or copy the whole link into your browser.')

const MALFORMED = { message: 'The request is malformed. Reload the page and try again.' }

export const CheckInviteInput = z.object({ token }, MALFORMED)

export const RedeemInviteInput = z.object(
  {
    token,
    code: z.string({ message: 'Enter the 6-digit code from your message.' }).regex(/^\d{6}$/, 'Enter the 6-digit code from your message.'),
  },
  MALFORMED,
)

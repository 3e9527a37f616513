import { z } from 'zod'
import { MEMBER_PASSWORD_MAX, MEMBER_PASSWORD_MIN } from '../domain/memberInvitation'
import { ROLES } from '../domain/roles'
import { callableInput, documentId } from '../lib/validation'

const practiceId = documentId('practice')
const uid = documentId('member')
const role = z.enum(ROLES, { message: `Role must be one of: ${ROLES.join(', ')}.` })

/** A member invitation link token (see invitationStore.ts). */
const token = z
  .string({ error: 'This invitation link is incomplete. Open the whole link from the email.' })
  .regex(/^[A-Za-z0-9_-]{22}$/, 'This invitation link is incomplete. Open the whole link from the email.')

export const InviteMemberInput = callableInput({
  practiceId,
  email: z.string({ error: 'Enter a valid email address.' }).trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address.' }).max(254)),
  displayName: z.string({ error: 'Enter the member’s name.' }).trim().min(1, 'Enter the member’s name.').max(120, 'Names are at most 120 characters.'),
  role,
})

export const RevokeMemberInvitationInput = callableInput({ practiceId, invitationId: documentId('invitation') })

export const CheckMemberInvitationInput = callableInput({ token })

export const AcceptMemberInvitationInput = callableInput({
  token,
  /** Only for a new account: the password the invitee chooses. Absent when accepting while signed in. */
  password: z
    .string({ error: 'Choose a password.' })
    .min(MEMBER_PASSWORD_MIN, `Choose a password of at least ${MEMBER_PASSWORD_MIN} characters.`)
    .max(MEMBER_PASSWORD_MAX, `Passwords are at most ${MEMBER_PASSWORD_MAX} characters.`)
    .optional(),
})

export const ChangeMemberRoleInput = callableInput({ practiceId, uid, role })
export const RemoveMemberInput = callableInput({ practiceId, uid })

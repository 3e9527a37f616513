import { z } from 'zod'
import { ROLES } from '../domain/roles'

const practiceId = z.string().min(1).max(128)
const uid = z.string().min(1).max(128)
const role = z.enum(ROLES, { message: `Role must be one of: ${ROLES.join(', ')}.` })

export const AddMemberInput = z.object({
  practiceId,
  email: z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address.' })),
  displayName: z.string().trim().min(1, 'Enter the member’s name.').max(120, 'Names are at most 120 characters.'),
  role,
  password: z.string().min(8, 'The temporary password needs at least 8 characters.').max(128).optional(),
})

export const ChangeMemberRoleInput = z.object({ practiceId, uid, role })
export const RemoveMemberInput = z.object({ practiceId, uid })

import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { adminAuth, db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { requireRole } from '../lib/authorize'
import { parseInput } from '../lib/validation'
import { AddMemberInput } from './validation'

async function findOrCreateUser(email: string, displayName: string, password: string | undefined) {
  try {
    return await adminAuth().getUserByEmail(email)
  } catch (err) {
    if ((err as { code?: string }).code !== 'auth/user-not-found') throw err
  }
  if (!password) throw new HttpsError('invalid-argument', 'Set a temporary password for a new account.')
  return adminAuth().createUser({ email, displayName, password })
}

/**
 * Owners add a member to their practice: the account is created when the email has none (with the temporary
 * password the owner hands over), the membership written, and the change audited. Claims follow through
 * `syncMemberClaims`.
 */
export const addMember = onCall(async (request) => {
  const input = parseInput(AddMemberInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner'])
  const user = await findOrCreateUser(input.email, input.displayName, input.password)

  const memberRef = db().doc(paths.member(input.practiceId, user.uid))
  await db().runTransaction(async (tx) => {
    if ((await tx.get(memberRef)).exists) {
      throw new HttpsError('already-exists', `${input.email} is already a member of this practice.`)
    }
    tx.create(memberRef, {
      uid: user.uid,
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    })
    appendAuditInTransaction(tx, input.practiceId, {
      actor: caller,
      action: 'member.added',
      target: { type: 'member', id: user.uid },
      details: { role: input.role },
    })
  })
  logs.memberAdded(input.practiceId, user.uid, input.role)
  return { uid: user.uid }
})

import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { requireRole } from '../lib/authorize'
import { assertKeepsAnOwner, readMembers } from './owners'
import { parseInput } from '../lib/validation'
import { RemoveMemberInput } from './validation'

/**
 * Owners remove a member from their practice. The Auth account stays (it may belong to other practices); the
 * rules stop honouring it here at once, and `syncMemberClaims` drops the role from its claims.
 */
export const removeMember = onCall(async (request) => {
  const input = parseInput(RemoveMemberInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner'])

  await db().runTransaction(async (tx) => {
    const members = await readMembers(tx, input.practiceId)
    const current = members.find((m) => m.uid === input.uid)
    if (!current) throw new HttpsError('not-found', 'That person is not a member of this practice.')
    assertKeepsAnOwner(members, input.uid, null)
    tx.delete(db().doc(paths.member(input.practiceId, input.uid)))
    appendAuditInTransaction(tx, input.practiceId, {
      actor: caller,
      action: 'member.removed',
      target: { type: 'member', id: input.uid },
      details: { role: current.role },
    })
  })
  logs.memberRemoved(input.practiceId, input.uid)
  return { uid: input.uid }
})

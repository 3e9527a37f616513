import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { requireRole } from '../lib/authorize'
import { assertKeepsAnOwner, readMembers } from './owners'
import { parseInput } from '../lib/validation'
import { ChangeMemberRoleInput } from './validation'

/** Owners change a member's role; a practice always keeps at least one owner. */
export const changeMemberRole = onCall(async (request) => {
  const input = parseInput(ChangeMemberRoleInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner'])
  const memberRef = db().doc(paths.member(input.practiceId, input.uid))

  await db().runTransaction(async (tx) => {
    const members = await readMembers(tx, input.practiceId)
    const current = members.find((m) => m.uid === input.uid)
    if (!current) throw new HttpsError('not-found', 'That person is not a member of this practice.')
    if (current.role === input.role) return
    assertKeepsAnOwner(members, input.uid, input.role)
    tx.update(memberRef, { role: input.role, updatedAt: FieldValue.serverTimestamp() })
    appendAuditInTransaction(tx, input.practiceId, {
      actor: caller,
      action: 'member.roleChanged',
      target: { type: 'member', id: input.uid },
      details: { from: current.role, to: input.role },
    })
  })
  logs.memberRoleChanged(input.practiceId, input.uid, input.role)
  return { uid: input.uid, role: input.role }
})

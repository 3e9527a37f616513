import { Timestamp, type DocumentSnapshot } from 'firebase-admin/firestore'
import { memberInvitationProblem, type MemberInvitationProblem, type MemberInvitationSummary } from '../domain/memberInvitation'
import { isRole } from '../domain/roles'
import { isDocumentId } from '../lib/validation'

export type MemberInvitation = MemberInvitationSummary<Date>

/** The invitation in `snap` if its link still admits its holder, else why not. */
export function readMemberInvitation(
  snap: DocumentSnapshot,
  now: Date,
): { problem: MemberInvitationProblem; invitation?: undefined } | { problem: null; invitation: MemberInvitation } {
  const data = snap.data()
  const expiresAt = data?.expiresAt instanceof Timestamp ? data.expiresAt.toDate() : null
  if (!data || !expiresAt || !isDocumentId(data.practiceId) || typeof data.email !== 'string' || !isRole(data.role)) {
    return { problem: 'not-found' }
  }
  const problem = memberInvitationProblem({ status: String(data.status), expiresAt }, now)
  if (problem) return { problem }
  return {
    problem: null,
    invitation: {
      id: snap.id,
      practiceId: data.practiceId,
      email: data.email,
      displayName: String(data.displayName ?? ''),
      role: data.role,
      expiresAt,
    },
  }
}

import { HttpsError, type CallableRequest } from 'firebase-functions/v2/https'
import { isRole, type Role } from '../domain/roles'
import { db } from './db'
import { paths } from './paths'

export interface Caller {
  uid: string
  role: Role
}

/**
 * Checks that the caller is signed in and holds one of `roles` in `practiceId`. Reads the member document rather
 * than the token's claims, so a role removed in the Firebase console stops working at once, not at token refresh.
 */
export async function requireRole(request: CallableRequest, practiceId: string, roles: readonly Role[]): Promise<Caller> {
  const uid = request.auth?.uid
  if (!uid) throw new HttpsError('unauthenticated', 'Sign in to continue.')
  const member = await db().doc(paths.member(practiceId, uid)).get()
  const role = member.get('role')
  if (!member.exists || !isRole(role)) throw new HttpsError('permission-denied', 'You are not a member of this practice.')
  if (!roles.includes(role)) {
    throw new HttpsError('permission-denied', `Only ${roles.join(' or ')}s can do this.`)
  }
  return { uid, role }
}

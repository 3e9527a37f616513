import { FieldValue } from 'firebase-admin/firestore'
import { onDocumentWritten } from 'firebase-functions/v2/firestore'
import { isRole, rolesFromMemberships } from '../domain/roles'
import { adminAuth, db } from '../lib/db'
import { collectionGroups, paths, triggers } from '../lib/paths'
import { logs } from '../lib/logs'

/**
 * Mirrors a user's practice roles into Auth custom claims `{ roles: { [practiceId]: role } }` whenever a member
 * document changes — from a callable or by hand in the Firebase console — then touches `users/{uid}` so the
 * signed-in web app refreshes its ID token and sees the change without signing out.
 *
 * Roles are recomputed from all of the user's member documents rather than patched, so events that arrive out
 * of order or twice still converge on the truth.
 */
export const syncMemberClaims = onDocumentWritten(triggers.member, async (event) => {
  const { practiceId, uid } = event.params
  const after = event.data?.after

  // A member added by hand in the console may lack the `uid` field the collection-group query needs.
  if (after?.exists && after.get('uid') !== uid) {
    await after.ref.update({ uid })
  }

  const others = await db().collectionGroup(collectionGroups.members).where('uid', '==', uid).get()
  const memberships = others.docs
    .map((d) => ({ practiceId: d.ref.parent.parent?.id ?? '', role: d.get('role') }))
    .filter((m) => m.practiceId !== practiceId)
  const roles = rolesFromMemberships(memberships)
  const role = after?.exists ? after.get('role') : undefined
  if (isRole(role)) roles[practiceId] = role

  try {
    const user = await adminAuth().getUser(uid)
    await adminAuth().setCustomUserClaims(uid, { ...(user.customClaims ?? {}), roles })
  } catch (err) {
    logs.claimsSyncFailed(uid, err)
    if ((err as { code?: string }).code === 'auth/user-not-found') return
    throw err
  }
  await db().doc(paths.user(uid)).set({ roles, claimsUpdatedAt: FieldValue.serverTimestamp() })
  logs.claimsSynced(uid, Object.keys(roles).length)
})

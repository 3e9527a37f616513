import type { Transaction } from 'firebase-admin/firestore'
import { HttpsError } from 'firebase-functions/v2/https'
import { isRole, ownersAfterChange, type Role } from '../domain/roles'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

export async function readMembers(tx: Transaction, practiceId: string): Promise<{ uid: string; role: Role }[]> {
  const snap = await tx.get(db().collection(paths.members(practiceId)))
  return snap.docs.flatMap((d) => {
    const role = d.get('role')
    return isRole(role) ? [{ uid: d.id, role }] : []
  })
}

export function assertKeepsAnOwner(members: { uid: string; role: Role }[], uid: string, nextRole: Role | null): void {
  if (ownersAfterChange(members, uid, nextRole) < 1) {
    throw new HttpsError('failed-precondition', 'A practice must keep at least one owner.')
  }
}

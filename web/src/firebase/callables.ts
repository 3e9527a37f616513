/**
 * Typed clients for the member-management callables (functions/src/members/*). Their errors are
 * `HttpsError`s whose messages are written for people; {@link callableErrorMessage} passes them
 * through and replaces only the SDK's generic ones.
 */
import { httpsCallable } from 'firebase/functions'
import type { Role } from '@domain/roles'
import { functions } from './functions'

export interface AddMemberRequest {
  practiceId: string
  email: string
  displayName: string
  role: Role
  /** Required only when the email has no account yet. */
  password?: string
}

export interface ChangeMemberRoleRequest {
  practiceId: string
  uid: string
  role: Role
}

export interface RemoveMemberRequest {
  practiceId: string
  uid: string
}

export const addMember = httpsCallable<AddMemberRequest, { uid: string }>(functions, 'addMember')
export const changeMemberRole = httpsCallable<ChangeMemberRoleRequest, unknown>(functions, 'changeMemberRole')
export const removeMember = httpsCallable<RemoveMemberRequest, unknown>(functions, 'removeMember')

export { callableErrorMessage } from './callableError'

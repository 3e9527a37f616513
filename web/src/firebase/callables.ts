/**
 * Typed clients for the member-management and invitation callables (functions/src/members/*). Their errors are
 * `HttpsError`s whose messages are written for people; {@link callableErrorMessage} passes them
 * through and replaces only the SDK's generic ones.
 */
import { httpsCallable } from 'firebase/functions'
import type { AcceptMemberInvitationResult, CheckMemberInvitationResult } from '@domain/memberInvitation'
import type { Role } from '@domain/roles'
import { functions } from './functions'

export interface InviteMemberRequest {
  practiceId: string
  email: string
  displayName: string
  role: Role
}

export interface RevokeMemberInvitationRequest {
  practiceId: string
  invitationId: string
}

export interface AcceptMemberInvitationRequest {
  token: string
  /** Only for a new account; absent when accepting while signed in. */
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

export const inviteMember = httpsCallable<InviteMemberRequest, { invitationId: string; expiresAt: string }>(functions, 'inviteMember')
export const revokeMemberInvitation = httpsCallable<RevokeMemberInvitationRequest, unknown>(functions, 'revokeMemberInvitation')
export const checkMemberInvitation = httpsCallable<{ token: string }, CheckMemberInvitationResult>(functions, 'checkMemberInvitation')
export const acceptMemberInvitation = httpsCallable<AcceptMemberInvitationRequest, AcceptMemberInvitationResult>(
  functions,
  'acceptMemberInvitation',
)
export const changeMemberRole = httpsCallable<ChangeMemberRoleRequest, unknown>(functions, 'changeMemberRole')
export const removeMember = httpsCallable<RemoveMemberRequest, unknown>(functions, 'removeMember')

export { callableErrorMessage } from './callableError'

/**
 * Typed clients for the member-management and invitation callables (functions/src/members/*). Their errors are
 * `HttpsError`s whose messages are written for people; {@link callableErrorMessage} passes them
 * through and replaces only the SDK's generic ones.
 */
import { FirebaseError } from 'firebase/app'
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

/** A message a person can act on, for any error a callable rejects with. */
export function callableErrorMessage(error: unknown): string {
  if (error instanceof FirebaseError) {
    const code = error.code.replace(/^functions\//, '')
    if (code === 'unavailable' || code === 'deadline-exceeded') {
      return "Can't reach the server. Check your connection and try again."
    }
    if (code === 'unauthenticated') return 'Your session has ended. Sign in again.'
    // Unhandled server errors arrive as code "internal" with the message "internal": not for people.
    // The SDK appends the HTTP status to the server's message (" [400]"): people don't need it.
    const message = error.message.replace(/ \[\d{3}\]$/, '')
    if (code !== 'internal' && message && message !== code) return message
  }
  return 'Something went wrong. Try again, and contact support if it keeps happening.'
}

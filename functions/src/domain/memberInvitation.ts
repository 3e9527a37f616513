/**
 * Member onboarding by invitation: an owner invites an email address to a role; whoever controls that mailbox opens
 * the one-time link and either sets a password for a new account or accepts while signed in to a verified account
 * with that email. Pure rules and shapes shared by the functions and the web app; no Firebase imports.
 */
import type { Role } from './roles'

/** How long an invitation link works. */
export const MEMBER_INVITATION_DAYS = 7
export const MEMBER_PASSWORD_MIN = 8
export const MEMBER_PASSWORD_MAX = 128

export type MemberInvitationStatus = 'pending' | 'accepted' | 'revoked'

/** Why a link admits nobody (any more). */
export type MemberInvitationProblem = 'not-found' | 'accepted' | 'revoked' | 'expired'

/** `memberInvitations/{sha256(token)}`: written only by functions; owners of the practice read it. */
export interface MemberInvitationDoc {
  practiceId: string
  email: string
  displayName: string
  role: Role
  status: MemberInvitationStatus
  invitedBy: string
  createdAt: unknown // Timestamp
  expiresAt: unknown // Timestamp
  acceptedBy?: string
  acceptedAt?: unknown // Timestamp
  revokedBy?: string
  revokedAt?: unknown // Timestamp
}

/**
 * An invitation as a function or the console holds it once read: its id and the fields that say who is invited to
 * what, until when, with the timestamp type of whoever reads it.
 */
export interface MemberInvitationSummary<T> {
  id: string
  practiceId: string
  email: string
  displayName: string
  role: Role
  expiresAt: T
}

/** The moment an invitation created at `createdAt` stops working. */
export function memberInvitationExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + MEMBER_INVITATION_DAYS * 24 * 3600_000)
}

/** Null while the invitation admits its holder, else why not (accepted and revoked win over expired). */
export function memberInvitationProblem(invitation: { status: string; expiresAt: Date }, now: Date): MemberInvitationProblem | null {
  if (invitation.status === 'accepted') return 'accepted'
  if (invitation.status !== 'pending') return 'revoked'
  if (now.getTime() >= invitation.expiresAt.getTime()) return 'expired'
  return null
}

/** What a person reads for each problem. */
export const MEMBER_INVITATION_PROBLEM_MESSAGES: Record<MemberInvitationProblem, string> = {
  'not-found': 'This invitation link is not valid. Check that you opened the whole link from the email.',
  accepted: 'This invitation has already been accepted. Sign in to open the console.',
  revoked: 'This invitation has been withdrawn. Ask the practice owner for a new one.',
  expired: `This invitation has expired (links work for ${MEMBER_INVITATION_DAYS} days). Ask the practice owner for a new one.`,
}

/** `checkMemberInvitation({ token })`: what the link's page shows. */
export type CheckMemberInvitationResult =
  | { state: 'ready'; practiceName: string; email: string; displayName: string; role: Role; expiresAt: string }
  | { state: MemberInvitationProblem }

/** `acceptMemberInvitation`: the practice joined, and the email to sign in with. */
export interface AcceptMemberInvitationResult {
  practiceId: string
  email: string
  role: Role
}

/**
 * Every action the audit log records (`practices/{p}/audit`, docs/data-model.md). The functions may only append
 * one of these, and the Audit page filters by them, so a new action is added here once and shows up in both.
 */
export const AUDIT_ACTIONS = [
  'appointment.created',
  'appointment.updated',
  'appointment.cancelled',
  'attachment.shared',
  'attachment.opened',
  'attachment.blocked',
  'call.placed',
  'call.ended',
  'credits.adjusted',
  'credits.charged',
  'credits.granted',
  'credits.grantRejected',
  'invite.locked',
  'invite.redeemed',
  'invite.revealed',
  'invite.resent',
  'invite.reissued',
  'member.invited',
  'member.invitationRevoked',
  'member.added',
  'member.removed',
  'member.roleChanged',
  'phoneNumber.saved',
  'practice.updated',
  'reminder.sent',
  'visit.started',
  'visit.startRefused',
  'visit.ended',
] as const

export type AuditAction = (typeof AUDIT_ACTIONS)[number]

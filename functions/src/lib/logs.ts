import { logger } from 'firebase-functions'

/** Named log events, so that logs can be searched and alerted on by name. Never log PHI: ids only. */
export const logs = {
  claimsSynced: (uid: string, practices: number) => logger.info('claims.synced', { uid, practices }),
  claimsSyncFailed: (uid: string, err: unknown) => logger.error('claims.syncFailed', { uid, err: String(err) }),
  memberAdded: (practiceId: string, uid: string, role: string) => logger.info('member.added', { practiceId, uid, role }),
  memberInvited: (practiceId: string, invitationId: string, role: string) => logger.info('member.invited', { practiceId, invitationId, role }),
  memberInvitationRevoked: (practiceId: string, invitationId: string) => logger.info('member.invitationRevoked', { practiceId, invitationId }),
  memberRoleChanged: (practiceId: string, uid: string, role: string) =>
    logger.info('member.roleChanged', { practiceId, uid, role }),
  memberRemoved: (practiceId: string, uid: string) => logger.info('member.removed', { practiceId, uid }),
  appointmentSaved: (practiceId: string, appointmentId: string, outcome: string) =>
    logger.info('appointment.saved', { practiceId, appointmentId, outcome }),
  appointmentCancelled: (practiceId: string, appointmentId: string) => logger.info('appointment.cancelled', { practiceId, appointmentId }),
  // Reminders: outbox paths only (ids), never addresses or message text.
  remindersPlanned: (practiceId: string, appointmentId: string, changes: number) =>
    logger.info('reminders.planned', { practiceId, appointmentId, changes }),
  reminderSent: (reminderPath: string, channel: string) => logger.info('reminder.sent', { reminderPath, channel }),
  reminderFailed: (reminderPath: string) => logger.warn('reminder.failed', { reminderPath }),
  bookingConfirmationDeferred: (reminderPath: string) => logger.warn('bookingConfirmation.deferred', { reminderPath }),
  reminderError: (reminderPath: string, err: unknown) => logger.error('reminder.error', { reminderPath, err: String(err) }),
  reminderSweep: (stats: Record<string, number>) => logger.info('reminders.swept', stats),
  /**
   * What a scheduled function did this run, in one line of counts ("reminders: 2 sent"); `npm run dev`'s scheduler
   * prints it beside the run. Counts only, never names or addresses.
   */
  scheduledRun: (summary: string) => logger.info('schedule.ran', { summary }),
  templateSaved: (practiceId: string, template: string) => logger.info('template.saved', { practiceId, template }),
  unsubscribed: (practiceId: string, patientId: string, channel: string) =>
    logger.info('patient.unsubscribed', { practiceId, patientId, channel }),
  smsKeyword: (keyword: string, patients: number) => logger.info('sms.keyword', { keyword, patients }),
  webhookRejected: (reason: string) => logger.warn('webhook.rejected', { reason }),
  // Patient join: invite ids only; never the link token, the code or the caller's address.
  inviteRedeemed: (practiceId: string, appointmentId: string, inviteId: string) =>
    logger.info('invite.redeemed', { practiceId, appointmentId, inviteId }),
  inviteCodeRejected: (inviteId: string, attemptsLeft: number) => logger.info('invite.codeRejected', { inviteId, attemptsLeft }),
  inviteLocked: (practiceId: string, inviteId: string, lockedUntil: string) => logger.warn('invite.locked', { practiceId, inviteId, lockedUntil }),
  inviteReissued: (practiceId: string, appointmentId: string, inviteId: string) =>
    logger.info('invite.reissued', { practiceId, appointmentId, inviteId }),
  inviteRefused: (reason: string) => logger.info('invite.refused', { reason }),
  callerRateLimited: (kind: string) => logger.warn('invite.callerRateLimited', { kind }),
  // Visits: ids and counts only.
  visitStarted: (practiceId: string, appointmentId: string, provider: string) =>
    logger.info('visit.started', { practiceId, appointmentId, provider }),
  mediaAccessGranted: (practiceId: string, appointmentId: string, uid: string, provider: string, purpose: 'join' | 'prefetch') =>
    logger.info('visit.mediaAccess', { practiceId, appointmentId, uid, provider, purpose }),
  mediaMisconfigured: (reason: string) => logger.error('visit.mediaMisconfigured', { reason }),
  visitLeft: (practiceId: string, appointmentId: string, uid: string) => logger.info('visit.left', { practiceId, appointmentId, uid }),
  visitEnded: (practiceId: string, appointmentId: string, credits: number) =>
    logger.info('visit.ended', { practiceId, appointmentId, credits }),
  visitStartRefused: (practiceId: string, appointmentId: string, balance: number, needed: number) =>
    logger.info('visit.startRefused', { practiceId, appointmentId, balance, needed }),
  // Billing: ids and numbers only.
  visitsSwept: (stats: Record<string, number>) => logger.info('visits.swept', stats),
  visitSweepFailed: (practiceId: string, appointmentId: string, err: unknown) =>
    logger.error('visits.sweepFailed', { practiceId, appointmentId, err: String(err) }),
  visitSweepPresenceUnknown: (err: unknown) => logger.warn('visits.sweepPresenceUnknown', { err: String(err) }),
  grantApplied: (practiceId: string, grantId: string) => logger.info('credits.granted', { practiceId, grantId }),
  grantRejected: (practiceId: string, grantId: string) => logger.warn('credits.grantRejected', { practiceId, grantId }),
  practiceUpdated: (practiceId: string, fields: number) => logger.info('practice.updated', { practiceId, fields }),
  // Chat files: ids, verdicts and timings only; never a file name or content.
  attachmentScanned: (practiceId: string, appointmentId: string, attachmentId: string, verdict: string, scanMs: number) =>
    logger.info('attachment.scanned', { practiceId, appointmentId, attachmentId, verdict, scanMs }),
  attachmentScanFailed: (practiceId: string, appointmentId: string, attachmentId: string, err: unknown) =>
    logger.error('attachment.scanFailed', { practiceId, appointmentId, attachmentId, err: String(err) }),
  attachmentRejected: (practiceId: string, appointmentId: string, attachmentId: string, reason: string) =>
    logger.warn('attachment.rejected', { practiceId, appointmentId, attachmentId, reason }),
  // Phone: ids, statuses and counts only; never a phone number.
  phoneAccessGranted: (practiceId: string, uid: string) => logger.info('phone.access', { practiceId, uid }),
  phoneNumberSaved: (practiceId: string) => logger.info('phone.numberSaved', { practiceId }),
  callPlaced: (practiceId: string, callSid: string) => logger.info('call.placed', { practiceId, callSid }),
  callRefused: (practiceId: string, reason: string) => logger.info('call.refused', { practiceId, reason }),
  callDialFailed: (practiceId: string, callSid: string, err: unknown) => logger.error('call.dialFailed', { practiceId, callSid, err: String(err) }),
  callStatus: (practiceId: string, callSid: string, status: string, outcome: string) =>
    logger.info('call.status', { practiceId, callSid, status, outcome }),
  callHeld: (practiceId: string, callSid: string, held: boolean) => logger.info('call.held', { practiceId, callSid, held }),
}

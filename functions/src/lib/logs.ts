import { logger } from 'firebase-functions'

/** Named log events, so that logs can be searched and alerted on by name. Never log PHI: ids only. */
export const logs = {
  claimsSynced: (uid: string, practices: number) => logger.info('claims.synced', { uid, practices }),
  claimsSyncFailed: (uid: string, err: unknown) => logger.error('claims.syncFailed', { uid, err: String(err) }),
  memberAdded: (practiceId: string, uid: string, role: string) => logger.info('member.added', { practiceId, uid, role }),
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
  inviteRefused: (reason: string) => logger.info('invite.refused', { reason }),
  callerRateLimited: (kind: string) => logger.warn('invite.callerRateLimited', { kind }),
  // Visits: ids and counts only.
  visitStarted: (practiceId: string, appointmentId: string, provider: string) =>
    logger.info('visit.started', { practiceId, appointmentId, provider }),
  mediaAccessGranted: (practiceId: string, appointmentId: string, uid: string, provider: string) =>
    logger.info('visit.mediaAccess', { practiceId, appointmentId, uid, provider }),
  mediaMisconfigured: (reason: string) => logger.error('visit.mediaMisconfigured', { reason }),
  visitLeft: (practiceId: string, appointmentId: string, uid: string) => logger.info('visit.left', { practiceId, appointmentId, uid }),
  visitEnded: (practiceId: string, appointmentId: string, credits: number) =>
    logger.info('visit.ended', { practiceId, appointmentId, credits }),
}

import { logger } from 'firebase-functions'

/** Named log events, so that logs can be searched and alerted on by name. Never log PHI: ids only. */
export const logs = {
  claimsSynced: (uid: string, practices: number) => logger.info('claims.synced', { uid, practices }),
  claimsSyncFailed: (uid: string, err: unknown) => logger.error('claims.syncFailed', { uid, err: String(err) }),
  memberAdded: (practiceId: string, uid: string, role: string) => logger.info('member.added', { practiceId, uid, role }),
  memberRoleChanged: (practiceId: string, uid: string, role: string) =>
    logger.info('member.roleChanged', { practiceId, uid, role }),
  memberRemoved: (practiceId: string, uid: string) => logger.info('member.removed', { practiceId, uid }),
}

import { onSchedule } from 'firebase-functions/v2/scheduler'
import { sweepAbandonedVisits } from './sweepAbandonedVisits'

/**
 * Every minute, ends and charges the video visits nobody ended (see sweepAbandonedVisits). Overlapping runs and
 * a practitioner's End at the same moment are harmless: a visit ends, and is charged, in one transaction.
 */
export const endAbandonedVisits = onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 300 }, async () => {
  await sweepAbandonedVisits()
})

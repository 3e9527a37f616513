import { onSchedule } from 'firebase-functions/v2/scheduler'
import { INVITE_KEY, TWILIO_AUTH_TOKEN, UNSUBSCRIBE_KEY } from '../lib/config'
import { logs } from '../lib/logs'
import type { SweepStats } from './sendContext'
import { runReminderSweep } from './runReminderSweep'
import { twilioSmsSender } from '../lib/twilioClient'

/**
 * Every five minutes, sends the reminders that are due (see runReminderSweep). Overlapping or repeated runs are
 * harmless: each reminder is claimed in a transaction, so it goes out once.
 */
export const sendDueReminders = onSchedule(
  { schedule: 'every 5 minutes', secrets: [TWILIO_AUTH_TOKEN, UNSUBSCRIBE_KEY, INVITE_KEY], timeoutSeconds: 540 },
  async () => {
    const stats = await runReminderSweep({ sender: twilioSmsSender() })
    logs.scheduledRun(reminderSweepSummary(stats))
  },
)

/** "reminders: 2 sent, 1 failed": the counts that say what a run did, zeros left out. */
export function reminderSweepSummary(stats: SweepStats): string {
  const counts = (['sent', 'failed', 'skipped', 'cancelled', 'rescheduled'] as const).filter((k) => stats[k] > 0).map((k) => `${stats[k]} ${k}`)
  return `reminders: ${counts.length ? counts.join(', ') : `${stats.sent} sent`}`
}

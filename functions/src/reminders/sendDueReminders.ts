import { onSchedule } from 'firebase-functions/v2/scheduler'
import { INVITE_KEY, TWILIO_AUTH_TOKEN, UNSUBSCRIBE_KEY } from '../lib/config'
import { runReminderSweep } from './runReminderSweep'
import { twilioSmsSender } from '../lib/twilioClient'

/**
 * Every five minutes, sends the reminders that are due (see runReminderSweep). Overlapping or repeated runs are
 * harmless: each reminder is claimed in a transaction, so it goes out once.
 */
export const sendDueReminders = onSchedule(
  { schedule: 'every 5 minutes', secrets: [TWILIO_AUTH_TOKEN, UNSUBSCRIBE_KEY, INVITE_KEY], timeoutSeconds: 540 },
  async () => {
    await runReminderSweep({ sender: twilioSmsSender() })
  },
)

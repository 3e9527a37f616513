import { z } from 'zod'
import { WEEKDAYS, type Weekday } from '../domain/practiceSettings'
import { documentId } from '../lib/validation'

const span = z.object({ open: z.string().max(5), close: z.string().max(5) }).strict().nullable()
const openingHours = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, span])) as Record<Weekday, typeof span>)
  .strict()

const whole = (what: string) => z.number({ error: `${what} must be a whole number.` }).int(`${what} must be a whole number.`)

/**
 * `updatePracticeSettings`: the whole profile, every field required (the page always sends them all). Shapes here;
 * limits in `practiceProfileProblems`, shared with the page.
 */
export const UpdatePracticeSettingsInput = z
  .object({
    practiceId: documentId('practice'),
    name: z.string().max(200),
    timeZone: z.string().max(64),
    phone: z.string().max(20),
    openingHours,
    settings: z
      .object({
        joinWindowMinutes: whole('The join window'),
        reminderOffsetsHours: z.array(whole('Each reminder time')).max(8),
        idleTimeoutMinutes: whole('The idle timeout'),
        lowBalanceCredits: whole('The low-balance threshold'),
        // Optional so a client that predates the setting leaves it as it was meant: on.
        bookingConfirmation: z.boolean({ error: 'Booking confirmations must be on or off.' }).default(true),
      })
      .strict(),
  })
  .strict()

/** Words and formats the patient screens share. */
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import type { Timestamp } from 'firebase/firestore'
const SOURCE_LABELS: Record<string, string> = {
  staff: 'recorded by staff',
  'sms-stop': 'replied STOP',
  'email-link': 'unsubscribe link',
  'intake-form': 'intake form',
  'demo-seed': 'demo data',
}

/** Where a consent or opt-out came from, in words: 'sms-stop' → "replied STOP". */
export function sourceLabel(source: string | undefined): string {
  if (!source) return 'source not recorded'
  return SOURCE_LABELS[source] ?? source
}

/** '1986-07-14' → "14 Jul 1986". Parsed by hand: a date of birth has no time zone. */
export function formatDateOfBirth(dateOfBirth: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth)
  if (!match) return dateOfBirth
  return format(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])), 'd MMM yyyy')
}

/** A stored moment as the practice's date: "3 March 2025". */
export function formatRecordedDate(at: Timestamp | undefined | null, timeZone: string): string {
  if (!at) return 'an unknown date'
  return format(new TZDate(at.toMillis(), timeZone), 'd MMMM yyyy')
}

/** Today's date in the practice's zone, 'YYYY-MM-DD' (the latest date of birth allowed). */
export function practiceToday(timeZone: string, now = new Date()): string {
  return format(new TZDate(now.getTime(), timeZone), 'yyyy-MM-dd')
}

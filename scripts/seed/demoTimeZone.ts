/**
 * Which time zone the demo practice is seeded in. The demo day has "a visit starting in five minutes": for that to
 * fall inside the practice's opening hours (and the calendar's grid) whatever hour the machine runs at, the demo
 * practice moves to a city where it is now late morning, unless `DEMO_TIME_ZONE` names one.
 */

/** Cities a clinic might be in, covering every whole-hour UTC offset from −11 to +14 (DST included). */
export const DEMO_CITY_ZONES = [
  'Australia/Sydney', 'Australia/Brisbane', 'Pacific/Auckland', 'Pacific/Kiritimati', 'Pacific/Noumea', 'Asia/Tokyo',
  'Asia/Singapore', 'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Karachi', 'Asia/Dubai', 'Europe/Moscow', 'Africa/Johannesburg',
  'Europe/Paris', 'Europe/London', 'Atlantic/Azores', 'America/Noronha', 'America/Sao_Paulo', 'America/Halifax',
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Anchorage',
  'Pacific/Honolulu', 'Pacific/Pago_Pago',
] as const

/** The demo practice's own city, kept while its day has room for the demo's visits. */
const HOME_ZONE = 'Australia/Sydney'
const HOME_FROM_MINUTES = 8 * 60
const HOME_UNTIL_MINUTES = 16 * 60
/** Otherwise: the city closest to 10:30 local time. */
const TARGET_MINUTES = 10 * 60 + 30

/** Minutes since local midnight of `now` in `timeZone`. */
export function localMinutes(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now)
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return part('hour') * 60 + part('minute')
}

export function demoTimeZone(now: Date, override = process.env.DEMO_TIME_ZONE): string {
  if (override) return override
  const home = localMinutes(now, HOME_ZONE)
  if (home >= HOME_FROM_MINUTES && home < HOME_UNTIL_MINUTES) return HOME_ZONE
  const distance = (zone: string) => Math.abs(localMinutes(now, zone) - TARGET_MINUTES)
  return DEMO_CITY_ZONES.reduce((best, zone) => (distance(zone) < distance(best) ? zone : best))
}

/**
 * For the e2e suite: a fixed-offset zone where it is about noon, so the practice's day cannot turn over mid-run
 * (as it would in Sydney when a run crosses 13:00 UTC), whatever time CI runs.
 */
export function zoneWhereItIsNoon(now: Date): string {
  const offsetHours = 12 - now.getUTCHours()
  // Etc/GMT zones have inverted signs: Etc/GMT-10 is UTC+10.
  return offsetHours === 0 ? 'Etc/GMT' : offsetHours > 0 ? `Etc/GMT-${offsetHours}` : `Etc/GMT+${-offsetHours}`
}

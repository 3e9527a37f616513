/**
 * Times on the patient's pages. They are said as the reminder said them, in the practice's time zone, and name
 * that zone ("2:45 pm AEDT"); a patient whose own clock differs also gets their own time, so a patient abroad
 * knows when to join. Plain Intl, so the link page needs no date library.
 */
const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' }
const DATE_TIME: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', ...TIME }

/** The browser's own time zone, or null when the browser does not say. */
function ownZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null
  } catch {
    return null
  }
}

function say(iso: string, options: Intl.DateTimeFormatOptions, timeZone: string | undefined): string {
  const at = new Date(iso)
  const own = new Intl.DateTimeFormat(undefined, options).format(at)
  // A session saved before the practice's zone was sent, or an unknown zone: the patient's clock alone.
  if (!timeZone) return own
  let practice: string
  try {
    practice = new Intl.DateTimeFormat(undefined, { ...options, timeZone, timeZoneName: 'short' }).format(at)
  } catch {
    return own
  }
  const sameClock = new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(at) === own
  return sameClock || ownZone() === timeZone ? practice : `${practice} (${new Intl.DateTimeFormat(undefined, TIME).format(at)} your time)`
}

/** "2:45 pm AEDT", plus "(1:45 pm your time)" when the patient's clock differs. */
export const formatVisitTime = (iso: string, timeZone?: string): string => say(iso, TIME, timeZone)

/** "Monday 23 November, 2:45 pm AEDT", plus the patient's own time when their clock differs. */
export const formatVisitDateTime = (iso: string, timeZone?: string): string => say(iso, DATE_TIME, timeZone)

/**
 * Times on the patient's pages, in the patient's own time zone and locale (the browser's): a patient abroad sees
 * when to join by their own clock. Plain Intl, so the link page needs no date library.
 */
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })
const dateTime = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' })

/** "2:45 PM" (or "14:45", by locale). */
export const formatLocalTime = (iso: string): string => time.format(new Date(iso))

/** "Monday 23 November, 2:45 PM" (by locale). */
export const formatLocalDateTime = (iso: string): string => dateTime.format(new Date(iso))

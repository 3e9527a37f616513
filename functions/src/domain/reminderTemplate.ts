/**
 * Reminder templates: the terms a practice may use, validation, rendering and the defaults. Pure functions, no
 * Firebase imports: the console's live preview and the functions that send render with the same code. Whether and
 * when a patient gets a reminder is ./reminder.ts.
 *
 * Privacy by construction: {@link ReminderTerms} has room for the patient's first name only. A message can never
 * carry a last name, a date of birth or anything clinical, because the renderer is never given them.
 */
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { APPOINTMENT_LOCATION_LABELS, APPOINTMENT_LOCATIONS, type AppointmentLocation } from './appointmentRules'
import type { MessagingChannel } from './messaging'
import type { ReminderKind } from './reminder'

/**
 * What a template is for: a reminder before an appointment of each kind (by its location), or the confirmation a
 * patient gets when booked into a video visit (`video-booking`, with the link and code like a video reminder).
 */
export const TEMPLATE_KINDS = [...APPOINTMENT_LOCATIONS, 'video-booking'] as const
export type TemplateKind = (typeof TEMPLATE_KINDS)[number]

export const TEMPLATE_KIND_LABELS: Record<TemplateKind, string> = {
  ...APPOINTMENT_LOCATION_LABELS,
  'video-booking': 'Video booking confirmation',
}

/** Kinds whose messages carry the visit link and access code. */
const hasVideoLink = (kind: TemplateKind): boolean => kind === 'video' || kind === 'video-booking'

/** Every term a template may contain, in the order the editor offers them. */
export const TERMS = [
  '[First Name]',
  '[Practitioner]',
  '[Date]',
  '[Time]',
  '[Video Consult Link]',
  '[Access Code]',
  '[Practice Name]',
  '[Practice Phone]',
] as const
export type Term = (typeof TERMS)[number]

/** Terms that only make sense for a video consultation: phone and in-person visits have no link or code. */
export const VIDEO_ONLY_TERMS: readonly Term[] = ['[Video Consult Link]', '[Access Code]']

/** The terms a template for `kind` may use. */
export function termsFor(kind: TemplateKind): Term[] {
  return TERMS.filter((term) => hasVideoLink(kind) || !VIDEO_ONLY_TERMS.includes(term))
}

// Anything in square brackets on one line is meant as a term; unknown ones are reported, not sent as-is.
const TERM_PATTERN = /\[[^[\]\n]{1,60}\]/g

/** Bracketed terms in `text` that a `kind` template may not use, each once, in order of appearance. */
export function findUnknownTerms(text: string, kind: TemplateKind): string[] {
  const allowed = new Set<string>(termsFor(kind))
  const unknown: string[] = []
  for (const match of text.matchAll(TERM_PATTERN)) {
    if (!allowed.has(match[0]) && !unknown.includes(match[0])) unknown.push(match[0])
  }
  return unknown
}

export interface ReminderTemplate {
  /** Email only. */
  subject?: string
  body: string
}

export const SUBJECT_MAX = 200
export const EMAIL_BODY_MAX = 5000
export const SMS_BODY_MAX = 600

/**
 * Why a template can't be saved, as a sentence naming the problem, or null when it is fine.
 * The first problem wins, so the person fixes one thing at a time.
 */
export function validateTemplate(input: {
  kind: TemplateKind
  channel: MessagingChannel
  subject?: string | null
  body: string
}): string | null {
  const { kind, channel } = input
  const body = input.body.trim()
  const subject = (input.subject ?? '').trim()
  if (channel === 'email') {
    if (!subject) return 'Enter a subject for the email.'
    if (subject.length > SUBJECT_MAX) return `The subject can be at most ${SUBJECT_MAX} characters.`
  }
  if (!body) return 'Enter the message text.'
  const max = channel === 'sms' ? SMS_BODY_MAX : EMAIL_BODY_MAX
  if (body.length > max) return `The message can be at most ${max} characters.`
  const texts = channel === 'email' ? [subject, body] : [body]
  for (const text of texts) {
    const [term] = findUnknownTerms(text, kind)
    if (!term) continue
    if (!hasVideoLink(kind) && (VIDEO_ONLY_TERMS as readonly string[]).includes(term)) {
      return `${term} can only be used in video consultation templates: a ${TEMPLATE_KIND_LABELS[kind].toLowerCase()} has no link or code.`
    }
    return `Unknown term ${term}. Use one of: ${termsFor(kind).join(', ')}.`
  }
  return null
}

/** What a message may say about the visit. The patient appears by first name only, by design. */
export interface ReminderTerms {
  firstName: string
  practitioner: string
  date: string
  time: string
  /** Video consultations only; '' otherwise. */
  videoLink: string
  accessCode: string
  practiceName: string
  practicePhone: string
}

function termValues(terms: ReminderTerms): Record<Term, string> {
  return {
    '[First Name]': terms.firstName,
    '[Practitioner]': terms.practitioner,
    '[Date]': terms.date,
    '[Time]': terms.time,
    '[Video Consult Link]': terms.videoLink,
    '[Access Code]': terms.accessCode,
    '[Practice Name]': terms.practiceName,
    '[Practice Phone]': terms.practicePhone,
  }
}

function fill(text: string, values: Record<Term, string>): string {
  // One pass, so a value that happens to contain "[Time]" is not itself replaced.
  return text.replace(TERM_PATTERN, (match) => (match in values ? values[match as Term] : match))
}

/** The template with every term replaced. */
export function renderReminder(template: ReminderTemplate, terms: ReminderTerms): { subject?: string; body: string } {
  const values = termValues(terms)
  const body = fill(template.body, values).trim()
  return template.subject === undefined ? { body } : { subject: fill(template.subject, values).trim(), body }
}

export const SMS_OPT_OUT = 'Reply STOP to opt out.'

/** An SMS always says how to stop them; a practice's own template may have left that out. */
export function smsWithOptOut(body: string): string {
  return /\bSTOP\b/.test(body) ? body : `${body.trimEnd()} ${SMS_OPT_OUT}`
}

/** The appointment's date and time as a patient reads them, in the practice's time zone. */
export function reminderDateTime(start: Date, timeZone: string): { date: string; time: string } {
  const local = new TZDate(start.getTime(), timeZone)
  return { date: format(local, 'EEEE d MMMM'), time: format(local, 'h:mm a') }
}

/** Sample values for the editor's live preview. */
export const SAMPLE_TERMS: ReminderTerms = {
  firstName: 'Alex',
  practitioner: 'Dr Sam Patel',
  date: 'Tuesday 11 March',
  time: '10:30 AM',
  videoLink: 'https://clinic.example/join/Xy7…',
  accessCode: '482 913',
  practiceName: 'Harbourside Family Clinic',
  practicePhone: '+61 2 9000 0000',
}

export type TemplateKey = `${TemplateKind}_${MessagingChannel}`

export function templateKey(kind: TemplateKind, channel: MessagingChannel): TemplateKey {
  return `${kind}_${channel}`
}

/** A default reminder email: the greeting, what the appointment is (`middle`), how to change it, and a sign-off. */
function defaultEmailBody(middle: string[], signOff = 'Kind regards,'): string {
  return ['Hi [First Name],', '', ...middle, '', 'If you need to change the time, call us on [Practice Phone].', '', signOff, '[Practice Name]'].join('\n')
}

/** Templates a practice starts with; a practice's saved template replaces the default for its kind and channel. */
export const DEFAULT_TEMPLATES: Record<TemplateKey, ReminderTemplate> = {
  video_email: {
    subject: 'Your video consultation with [Practitioner] on [Date]',
    body: defaultEmailBody(
      [
        'This is a reminder of your video consultation with [Practitioner] on [Date] at [Time].',
        '',
        'When it is time, open your personal link: [Video Consult Link]',
        'Your access code is [Access Code]. You can join a few minutes early; no download or account is needed.',
      ],
      'See you soon,',
    ),
  },
  video_sms: {
    body: 'Hi [First Name], your video consult with [Practitioner] is on [Date] at [Time]. Join: [Video Consult Link] Code: [Access Code]. [Practice Name] [Practice Phone]. Reply STOP to opt out.',
  },
  phone_email: {
    subject: 'Your phone consultation with [Practitioner] on [Date]',
    body: defaultEmailBody([
      'This is a reminder of your phone consultation with [Practitioner] on [Date] at [Time].',
      'We will call you on the number we have for you, so please keep your phone nearby.',
    ]),
  },
  phone_sms: {
    body: 'Hi [First Name], [Practitioner] will phone you on [Date] at [Time]. To change, call [Practice Name] on [Practice Phone]. Reply STOP to opt out.',
  },
  'in-person_email': {
    subject: 'Your appointment with [Practitioner] on [Date]',
    body: defaultEmailBody([
      'This is a reminder of your appointment with [Practitioner] on [Date] at [Time] at [Practice Name].',
      'Please arrive a few minutes early.',
    ]),
  },
  'in-person_sms': {
    body: 'Hi [First Name], see you on [Date] at [Time] with [Practitioner] at [Practice Name]. To change, call [Practice Phone]. Reply STOP to opt out.',
  },
  'video-booking_email': {
    subject: 'Booked: your video consultation with [Practitioner] on [Date]',
    body: defaultEmailBody(
      [
        'Your video consultation with [Practitioner] is booked for [Date] at [Time].',
        '',
        'When it is time, open your personal link: [Video Consult Link]',
        'Your access code is [Access Code]. You can join a few minutes early; no download or account is needed.',
      ],
      'See you then,',
    ),
  },
  'video-booking_sms': {
    body: 'Hi [First Name], your video consult with [Practitioner] is booked for [Date] at [Time]. Join: [Video Consult Link] Code: [Access Code]. [Practice Name] [Practice Phone]. Reply STOP to opt out.',
  },
}

/** The template kind a message of `reminderKind` for an appointment at `location` is written from. */
export function templateKindFor(reminderKind: ReminderKind, location: AppointmentLocation): TemplateKind {
  return reminderKind === 'booking-confirmation' ? 'video-booking' : location
}

export function defaultTemplate(kind: TemplateKind, channel: MessagingChannel): ReminderTemplate {
  return DEFAULT_TEMPLATES[templateKey(kind, channel)]
}

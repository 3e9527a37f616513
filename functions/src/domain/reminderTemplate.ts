/**
 * Reminder templates: the terms a practice may use, validation, rendering, the defaults, and the rules that decide
 * whether (and when) a patient gets a reminder. Pure functions, no Firebase imports: the console's live preview and
 * the functions that send render with the same code.
 *
 * Privacy by construction: {@link ReminderTerms} has room for the patient's first name only. A message can never
 * carry a last name, a date of birth or anything clinical, because the renderer is never given them.
 */
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'

export const APPOINTMENT_KINDS = ['video', 'phone', 'in-person'] as const
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number]

export const REMINDER_CHANNELS = ['email', 'sms'] as const
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number]

export const KIND_LABELS: Record<AppointmentKind, string> = {
  video: 'Video consultation',
  phone: 'Phone consultation',
  'in-person': 'In person',
}

export const CHANNEL_LABELS: Record<ReminderChannel, string> = { email: 'Email', sms: 'SMS' }

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
export function termsFor(kind: AppointmentKind): Term[] {
  return TERMS.filter((term) => kind === 'video' || !VIDEO_ONLY_TERMS.includes(term))
}

// Anything in square brackets on one line is meant as a term; unknown ones are reported, not sent as-is.
const TERM_PATTERN = /\[[^[\]\n]{1,60}\]/g

/** Bracketed terms in `text` that a `kind` template may not use, each once, in order of appearance. */
export function findUnknownTerms(text: string, kind: AppointmentKind): string[] {
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
  kind: AppointmentKind
  channel: ReminderChannel
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
    if (kind !== 'video' && (VIDEO_ONLY_TERMS as readonly string[]).includes(term)) {
      return `${term} can only be used in video consultation templates: a ${KIND_LABELS[kind].toLowerCase()} has no link or code.`
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

export type TemplateKey = `${AppointmentKind}_${ReminderChannel}`

export function templateKey(kind: AppointmentKind, channel: ReminderChannel): TemplateKey {
  return `${kind}_${channel}`
}

/** Templates a practice starts with; a practice's saved template replaces the default for its kind and channel. */
export const DEFAULT_TEMPLATES: Record<TemplateKey, ReminderTemplate> = {
  video_email: {
    subject: 'Your video consultation with [Practitioner] on [Date]',
    body: [
      'Hi [First Name],',
      '',
      'This is a reminder of your video consultation with [Practitioner] on [Date] at [Time].',
      '',
      'When it is time, open your personal link: [Video Consult Link]',
      'Your access code is [Access Code]. You can join a few minutes early; no download or account is needed.',
      '',
      'If you need to change the time, call us on [Practice Phone].',
      '',
      'See you soon,',
      '[Practice Name]',
    ].join('\n'),
  },
  video_sms: {
    body: 'Hi [First Name], your video consult with [Practitioner] is on [Date] at [Time]. Join: [Video Consult Link] Code: [Access Code]. [Practice Name] [Practice Phone]. Reply STOP to opt out.',
  },
  phone_email: {
    subject: 'Your phone consultation with [Practitioner] on [Date]',
    body: [
      'Hi [First Name],',
      '',
      'This is a reminder of your phone consultation with [Practitioner] on [Date] at [Time].',
      'We will call you on the number we have for you, so please keep your phone nearby.',
      '',
      'If you need to change the time, call us on [Practice Phone].',
      '',
      'Kind regards,',
      '[Practice Name]',
    ].join('\n'),
  },
  phone_sms: {
    body: 'Hi [First Name], [Practitioner] will phone you on [Date] at [Time]. To change, call [Practice Name] on [Practice Phone]. Reply STOP to opt out.',
  },
  'in-person_email': {
    subject: 'Your appointment with [Practitioner] on [Date]',
    body: [
      'Hi [First Name],',
      '',
      'This is a reminder of your appointment with [Practitioner] on [Date] at [Time] at [Practice Name].',
      'Please arrive a few minutes early.',
      '',
      'If you need to change the time, call us on [Practice Phone].',
      '',
      'Kind regards,',
      '[Practice Name]',
    ].join('\n'),
  },
  'in-person_sms': {
    body: 'Hi [First Name], see you on [Date] at [Time] with [Practitioner] at [Practice Name]. To change, call [Practice Phone]. Reply STOP to opt out.',
  },
}

export function defaultTemplate(kind: AppointmentKind, channel: ReminderChannel): ReminderTemplate {
  return DEFAULT_TEMPLATES[templateKey(kind, channel)]
}

/** The outbox document id of a scheduled reminder: one per patient × offset × channel within an appointment. */
export function reminderId(patientId: string, offsetHours: number, channel: ReminderChannel): string {
  return `${patientId}_${offsetHours}h_${channel}`
}

/** The outbox document id of a manual re-send. */
export function resendReminderId(patientId: string, at: Date, channel: ReminderChannel): string {
  return `${patientId}_resend-${at.getTime()}_${channel}`
}

/** When the reminder `offsetHours` before `start` is due. */
export function dueAt(start: Date, offsetHours: number): Date {
  return new Date(start.getTime() - offsetHours * 3_600_000)
}

export const DEFAULT_REMINDER_OFFSETS_HOURS = [24, 2] as const

/** The practice's reminder offsets: whole hours 1..168, without duplicates; the default when unset or unusable. */
export function reminderOffsets(setting: unknown): number[] {
  if (!Array.isArray(setting)) return [...DEFAULT_REMINDER_OFFSETS_HOURS]
  const valid = setting.filter((h): h is number => Number.isInteger(h) && h >= 1 && h <= 168)
  return [...new Set(valid)]
}

/** The parts of a patient record that decide whether a reminder may go out. */
export interface ReminderRecipient {
  email?: string | null
  mobile?: string | null
  consent?: Partial<Record<ReminderChannel, { granted?: boolean } | null>> | null
  optOut?: Partial<Record<ReminderChannel, { at?: unknown } | null>> | null
}

export type ReminderDecision = { send: true; address: string } | { send: false; reason: string }

const CHANNEL_WORDS: Record<ReminderChannel, { name: string; address: string }> = {
  email: { name: 'email', address: 'No email address' },
  sms: { name: 'SMS', address: 'No mobile number' },
}

/**
 * May this patient get a message on `channel`, and where to. An opt-out wins over consent (the patient said stop
 * after consenting), and consent is checked before the address so the reason names what the practice must ask for.
 */
export function reminderDecision(patient: ReminderRecipient, channel: ReminderChannel): ReminderDecision {
  const words = CHANNEL_WORDS[channel]
  if (patient.optOut?.[channel]) return { send: false, reason: `Opted out of ${words.name}` }
  if (patient.consent?.[channel]?.granted !== true) return { send: false, reason: `No ${words.name} consent` }
  const address = (channel === 'email' ? patient.email : patient.mobile)?.trim()
  if (!address) return { send: false, reason: words.address }
  return { send: true, address }
}

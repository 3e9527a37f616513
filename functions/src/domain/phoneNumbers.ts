import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'

/**
 * A practice's phone numbers (`practices/{p}/phoneNumbers/{e164}`): the Twilio numbers its members call from and its
 * SMS reminders go out from. Pure rules about who may use which number.
 */

export interface PhoneNumberCapabilities {
  voice: boolean
  sms: boolean
}

export interface PhoneNumberDoc {
  /** e.g. "Reception line". */
  label: string
  capabilities: PhoneNumberCapabilities
  /** Member uids who may place calls from this number. */
  allowedMemberIds: string[]
}

/**
 * What getPhoneAccess returns and the browser's PhoneLine runs on: a Twilio Voice token for the caller and the
 * numbers they may call from.
 */
export interface PhoneAccess {
  token: string
  identity: string
  ttlSeconds: number
  numbers: { e164: string; label: string }[]
  /**
   * 'twilio' in production. 'development' when the functions talk to the local Twilio (TWILIO_API_BASE_URL set):
   * the browser then uses the development line against `developmentUrl`, since the Voice SDK only talks to Twilio.
   */
  line: 'twilio' | 'development'
  developmentUrl: string | null
}

/** E.164: a plus sign, then up to 15 digits, no leading zero (the same pattern as firestore.rules' isE164). */
export const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/

export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164_PATTERN.test(value)
}

/** Whether `uid` may place calls from this number. */
export function mayCallFrom(number: PhoneNumberDoc | undefined | null, uid: string): boolean {
  return !!number && number.capabilities?.voice === true && Array.isArray(number.allowedMemberIds) && number.allowedMemberIds.includes(uid)
}

/** The number reminders go out from: the first SMS-capable number, in id order, so the choice is stable. */
export function smsSenderFrom(numbers: { id: string; data: PhoneNumberDoc }[]): string | null {
  const sms = numbers.filter((n) => n.data.capabilities?.sms === true && isE164(n.id)).map((n) => n.id).sort()
  return sms[0] ?? null
}

/**
 * Any valid phone number (landline, mobile, toll-free) as a person types it, in E.164: professional contacts are
 * often landlines. Local formats are read as numbers of `defaultCountry`.
 */
export function normalisePhoneNumber(input: string, defaultCountry: CountryCode): { ok: true; e164: string } | { ok: false; error: string } {
  const text = input.trim()
  if (!text) return { ok: false, error: 'Enter a phone number.' }
  const parsed = /[a-z]/i.test(text) ? undefined : parsePhoneNumberFromString(text, { defaultCountry })
  if (!parsed || !parsed.isValid()) return { ok: false, error: 'Enter a valid phone number, or start with + and the country code.' }
  return { ok: true, e164: parsed.number }
}

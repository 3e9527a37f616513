/**
 * A patient's contact details and identity fields: validation, normalisation and search tokens.
 *
 * Pure functions, no Firebase imports: the console validates with them before writing, the security
 * rules re-check the stored shape (firestore.rules, `patients`), and functions (reminders) format
 * with them. Mobile numbers are stored in E.164 and shown in international format.
 */
import {
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
  type NumberType,
  type PhoneNumber,
} from 'libphonenumber-js/max'
import mobileExamples from 'libphonenumber-js/mobile/examples'

export type { CountryCode }

export type Validated<T> = { ok: true } & T
export type Invalid = { ok: false; error: string }

export type MobileResult = Validated<{ e164: string }> | Invalid
export type EmailResult = Validated<{ email: string }> | Invalid
export type DateOfBirthResult = Validated<{ dateOfBirth: string }> | Invalid
export type NameResult = Validated<{ name: string }> | Invalid

/** Where the console starts when the practice's own phone number says nothing. */
export const FALLBACK_COUNTRY: CountryCode = 'AU'

/** Limits shared with the security rules. */
export const NAME_MAX_LENGTH = 60
export const EMAIL_MAX_LENGTH = 254
export const SEARCH_TOKEN_MAX_LENGTH = 15
export const SEARCH_TOKENS_MAX = 60
export const EARLIEST_DATE_OF_BIRTH = '1900-01-01'

// Numbers that can receive SMS. US/Canadian numbers do not say which they are (FIXED_LINE_OR_MOBILE).
const MOBILE_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE'])

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })

function countryName(country: CountryCode): string {
  return regionNames.of(country) ?? country
}

function mobileExample(country: CountryCode): PhoneNumber | undefined {
  return getExampleNumber(country, mobileExamples)
}

function exampleHint(country: CountryCode): string {
  const example = mobileExample(country)
  return example ? `, e.g. ${example.formatNational()}` : ''
}

const digitsOf = (value: string) => value.replace(/\D/g, '')

/**
 * Validates a mobile number as a person types it ("0412 345 678", "+61 412 345 678", "(04) 1234-5678")
 * and returns it in E.164. Local formats are read as numbers of `defaultCountry` (the practice's
 * country); a leading + or 00-style international prefix overrides it. Landlines, toll-free and
 * other non-mobile numbers are refused: the number is for SMS reminders.
 */
export function normaliseMobile(input: string, defaultCountry: CountryCode): MobileResult {
  const text = input.trim()
  const where = countryName(defaultCountry)
  if (!text) return { ok: false, error: 'Enter a mobile number.' }
  if (/[a-z]/i.test(text)) {
    return { ok: false, error: 'A mobile number can only contain digits, spaces, brackets, dashes and a leading +.' }
  }
  const parsed = parsePhoneNumberFromString(text, { defaultCountry })
  const invalid = `Enter a valid mobile number for ${where}${exampleHint(defaultCountry)}, or start with + and the country code.`
  if (!parsed) return { ok: false, error: invalid }
  if (!parsed.isValid()) {
    // Say which way it is off when the number is meant for the practice's own country.
    const example = parsed.country === defaultCountry ? mobileExample(defaultCountry) : undefined
    if (example) {
      const typed = parsed.nationalNumber.length
      const expected = example.nationalNumber.length
      if (typed < expected) return { ok: false, error: `That mobile number is too short. ${invalid}` }
      if (typed > expected) return { ok: false, error: `That mobile number is too long. ${invalid}` }
    }
    return { ok: false, error: invalid }
  }
  const type = parsed.getType()
  if (!type || !MOBILE_TYPES.has(type)) {
    const kind = type === 'FIXED_LINE' ? 'a landline' : type === 'TOLL_FREE' ? 'a toll-free number' : 'not a mobile number'
    return { ok: false, error: `That number is ${kind}. Enter a mobile number, which can receive SMS.` }
  }
  return { ok: true, e164: parsed.number }
}

/**
 * The country of a stored mobile when it is not `home` (the practice's), by name: the form asks before saving a
 * number from abroad, which is more often a typo in the country code than a patient overseas. Null at home.
 */
export function foreignMobileCountry(e164: string, home: CountryCode): string | null {
  const country = parsePhoneNumberFromString(e164)?.country
  return country && country !== home ? countryName(country) : null
}

/** "+61412345678" → "+61 412 345 678". Anything unparseable is shown as stored. */
export function formatMobileForDisplay(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164
}

/** The country of the practice's own phone number, so reception can type numbers the local way. */
export function defaultCountryForPractice(practicePhoneE164: string | null | undefined): CountryCode {
  if (!practicePhoneE164) return FALLBACK_COUNTRY
  return parsePhoneNumberFromString(practicePhoneE164)?.country ?? FALLBACK_COUNTRY
}

// Practical rather than RFC 5322: one @, no spaces, a domain with a dot; what a reminder can reach.
const EMAIL_PATTERN =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i

/** Validates an email address; returns it trimmed. */
export function validateEmail(input: string): EmailResult {
  const email = input.trim()
  if (!email) return { ok: false, error: 'Enter an email address.' }
  if (email.length > EMAIL_MAX_LENGTH) {
    return { ok: false, error: `An email address can be at most ${EMAIL_MAX_LENGTH} characters.` }
  }
  const [local = ''] = email.split('@')
  if (!EMAIL_PATTERN.test(email) || local.length > 64) {
    return { ok: false, error: 'Enter an email address like name@example.com.' }
  }
  return { ok: true, email }
}

/** Validates a first or last name: 1 to 60 characters once trimmed. `label` names the field. */
export function validateName(input: string, label: string): NameResult {
  const name = input.trim().replace(/\s+/g, ' ')
  if (!name) return { ok: false, error: `Enter the ${label.toLowerCase()}.` }
  if (name.length > NAME_MAX_LENGTH) {
    return { ok: false, error: `${label} can be at most ${NAME_MAX_LENGTH} characters.` }
  }
  return { ok: true, name }
}

/**
 * Validates a date of birth written 'YYYY-MM-DD' (what `<input type="date">` gives): a real calendar
 * date, from 1900-01-01 up to and including `today` ('YYYY-MM-DD' in the practice's time zone).
 */
export function validateDateOfBirth(input: string, today: string): DateOfBirthResult {
  const text = input.trim()
  if (!text) return { ok: false, error: 'Enter the date of birth.' }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return { ok: false, error: 'Enter the date of birth as YYYY-MM-DD, e.g. 1986-07-14.' }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, error: `${text} is not a real date.` }
  }
  if (text > today) return { ok: false, error: "The date of birth can't be in the future." }
  if (text < EARLIEST_DATE_OF_BIRTH) return { ok: false, error: 'Enter a date of birth from 1900 onwards.' }
  return { ok: true, dateOfBirth: text }
}

/** What a person types into a patient's form. Empty email/mobile means "none". */
export interface PatientDetailsInput {
  firstName: string
  lastName: string
  dateOfBirth: string
  email: string
  mobile: string
}

/** The stored form of the same fields. */
export interface PatientDetails {
  firstName: string
  lastName: string
  dateOfBirth: string
  email: string | null
  mobile: string | null
}

export type PatientDetailsResult =
  | { ok: true; details: PatientDetails }
  | { ok: false; errors: Partial<Record<keyof PatientDetailsInput, string>> }

/** Validates a whole patient form; every field's error at once, so the person can fix them together. */
export function validatePatientDetails(
  input: PatientDetailsInput,
  { defaultCountry, today }: { defaultCountry: CountryCode; today: string },
): PatientDetailsResult {
  const firstName = validateName(input.firstName, 'First name')
  const lastName = validateName(input.lastName, 'Last name')
  const dateOfBirth = validateDateOfBirth(input.dateOfBirth, today)
  const email = input.email.trim() ? validateEmail(input.email) : ({ ok: true, email: null } as const)
  const mobile = input.mobile.trim() ? normaliseMobile(input.mobile, defaultCountry) : ({ ok: true, e164: null } as const)
  if (firstName.ok && lastName.ok && dateOfBirth.ok && email.ok && mobile.ok) {
    return {
      ok: true,
      details: {
        firstName: firstName.name,
        lastName: lastName.name,
        dateOfBirth: dateOfBirth.dateOfBirth,
        email: email.email,
        mobile: mobile.e164,
      },
    }
  }
  const errors: Partial<Record<keyof PatientDetailsInput, string>> = {}
  if (!firstName.ok) errors.firstName = firstName.error
  if (!lastName.ok) errors.lastName = lastName.error
  if (!dateOfBirth.ok) errors.dateOfBirth = dateOfBirth.error
  if (!email.ok) errors.email = email.error
  if (!mobile.ok) errors.mobile = mobile.error
  return { ok: false, errors }
}

// ------------------------------------------------------------------ search

/** Lowercase, accents dropped, apostrophes removed, any other separator → one space. */
function foldName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

function prefixes(word: string): string[] {
  const capped = word.slice(0, SEARCH_TOKEN_MAX_LENGTH)
  return Array.from({ length: capped.length }, (_, i) => capped.slice(0, i + 1))
}

/**
 * The tokens stored in `searchTokens`, for `where('searchTokens', 'array-contains', token)`:
 * - every prefix (1 to 15 characters) of the first name and of the last name, lowercased, without
 *   accents or apostrophes and with separators removed ("O'Brien" → o, ob, obr, …; "Mary-Ann" → maryann);
 * - each further word of a multi-word name on its own ("Mary-Ann" also → a, an, ann);
 * - the whole email address, lowercased;
 * - the mobile's digits without the + ("61412345678") and its national digits ("0412345678").
 * At most 60 tokens (the rules' limit): contact tokens first, then names, then extra words.
 */
export function patientSearchTokens(patient: {
  firstName: string
  lastName: string
  email?: string | null
  mobile?: string | null
}): string[] {
  const tokens = new Set<string>()
  const email = patient.email?.trim().toLowerCase()
  if (email) tokens.add(email)
  if (patient.mobile) {
    const parsed = parsePhoneNumberFromString(patient.mobile)
    tokens.add(digitsOf(patient.mobile))
    if (parsed) tokens.add(digitsOf(parsed.formatNational()))
  }
  const names = [foldName(patient.firstName), foldName(patient.lastName)]
  for (const name of names) prefixes(name.replace(/ /g, '')).forEach((token) => tokens.add(token))
  const extraWords = names.flatMap((name) => name.split(' ').slice(1))
  for (const word of extraWords) {
    for (const token of prefixes(word)) {
      if (tokens.size >= SEARCH_TOKENS_MAX) break
      tokens.add(token)
    }
  }
  tokens.delete('')
  return [...tokens].slice(0, SEARCH_TOKENS_MAX)
}

/**
 * What a typed search means, as tokens that must all be among a patient's `searchTokens`: an email
 * address is one token; a phone number is its digits; anything else is one token per word, folded
 * like names and cut to 15 characters. Query Firestore with the first token (array-contains takes
 * one) and keep the patients that have the others too. Empty when there is nothing to search for.
 */
export function normaliseSearchTerm(term: string): string[] {
  const text = term.trim().toLowerCase()
  if (!text) return []
  if (text.includes('@')) return [text]
  if (/^[+\d\s().-]+$/.test(text) && /\d/.test(text)) return [digitsOf(text)]
  const words = foldName(text)
    .split(' ')
    .filter(Boolean)
    .map((word) => word.slice(0, SEARCH_TOKEN_MAX_LENGTH))
  // Longest first: the most selective word makes the Firestore query.
  return [...new Set(words)].sort((a, b) => b.length - a.length)
}

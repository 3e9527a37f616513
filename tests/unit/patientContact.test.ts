import { describe, expect, it } from 'vitest'
import {
  defaultCountryForPractice,
  foreignMobileCountry,
  formatMobileForDisplay,
  normaliseMobile,
  normaliseSearchTerm,
  patientSearchTokens,
  validateDateOfBirth,
  validateEmail,
  validateName,
  validatePatientDetails,
} from '../../functions/src/domain/patientContact'

const errorOf = (result: { ok: boolean; error?: string }) => (result.ok ? null : result.error)

describe('normaliseMobile', () => {
  it.each([
    ['0412 345 678', 'AU'],
    ['0412345678', 'AU'],
    ['(04) 1234-5678', 'AU'],
    ['+61 412 345 678', 'AU'],
    ['  +61412345678  ', 'AU'],
    ['+61 412 345 678', 'NZ'],
  ] as const)('reads %j (default country %s) as +61412345678', (input, country) => {
    expect(normaliseMobile(input, country)).toEqual({ ok: true, e164: '+61412345678' })
  })

  it('reads local formats of the default country: a New Zealand mobile for a New Zealand practice', () => {
    expect(normaliseMobile('021 123 4567', 'NZ')).toEqual({ ok: true, e164: '+64211234567' })
  })

  it('accepts North American numbers, which do not say whether they are mobiles', () => {
    expect(normaliseMobile('(213) 373-4253', 'US')).toEqual({ ok: true, e164: '+12133734253' })
  })

  it('says a number that is too short is too short, with a local example', () => {
    const error = errorOf(normaliseMobile('12345', 'AU'))
    expect(error).toMatch(/^That mobile number is too short\./)
    expect(error).toContain('Australia')
    expect(error).toContain('0412 345 678')
  })

  it('says a number with one digit too many is too long, and one with one too few is too short', () => {
    expect(errorOf(normaliseMobile('0412 345 6789', 'AU'))).toMatch(/too long/)
    expect(errorOf(normaliseMobile('0412 345 67', 'AU'))).toMatch(/too short/)
  })

  it('refuses landlines and toll-free numbers, saying why', () => {
    expect(errorOf(normaliseMobile('02 9123 4567', 'AU'))).toBe(
      'That number is a landline. Enter a mobile number, which can receive SMS.',
    )
    expect(errorOf(normaliseMobile('1800 123 456', 'AU'))).toMatch(/^That number is a toll-free number\./)
  })

  it('refuses letters, blanks and numbers that are not valid anywhere', () => {
    expect(errorOf(normaliseMobile('0412 CALL ME', 'AU'))).toMatch(/only contain digits/)
    expect(errorOf(normaliseMobile('   ', 'AU'))).toBe('Enter a mobile number.')
    expect(errorOf(normaliseMobile('+44 7700 900123', 'AU'))).toMatch(/^Enter a valid mobile number/)
  })
})

describe('formatMobileForDisplay', () => {
  it('shows E.164 numbers in international format', () => {
    expect(formatMobileForDisplay('+61412345678')).toBe('+61 412 345 678')
    expect(formatMobileForDisplay('+64211234567')).toBe('+64 21 123 4567')
  })

  it('shows anything unparseable as stored', () => {
    expect(formatMobileForDisplay('not a number')).toBe('not a number')
  })
})

describe('defaultCountryForPractice', () => {
  it("is the country of the practice's phone number", () => {
    expect(defaultCountryForPractice('+6493001234')).toBe('NZ')
    expect(defaultCountryForPractice('+61290000000')).toBe('AU')
  })

  it('falls back to Australia without a usable phone number', () => {
    expect(defaultCountryForPractice(undefined)).toBe('AU')
    expect(defaultCountryForPractice('')).toBe('AU')
    expect(defaultCountryForPractice('+999')).toBe('AU')
  })
})

describe('validateEmail', () => {
  it('accepts an address and trims it', () => {
    expect(validateEmail('  amelia.nguyen+reminders@mail.example ')).toEqual({
      ok: true,
      email: 'amelia.nguyen+reminders@mail.example',
    })
  })

  it.each(['amelia', 'amelia@', '@mail.example', 'amelia@mail', 'amelia nguyen@mail.example', 'a@@mail.example'])(
    'refuses %j',
    (input) => {
      expect(errorOf(validateEmail(input))).toBe('Enter an email address like name@example.com.')
    },
  )

  it('accepts 254 characters and refuses 255', () => {
    const domain = `${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}.example`
    const local = (length: number) => 'a'.repeat(length - domain.length - 1)
    expect(validateEmail(`${local(254)}@${domain}`).ok).toBe(true)
    expect(errorOf(validateEmail(`${local(255)}@${domain}`))).toMatch(/at most 254/)
  })
})

describe('validateName', () => {
  it('accepts 1 to 60 characters, trimmed and with inner spaces collapsed', () => {
    expect(validateName(' Mary   Ann ', 'First name')).toEqual({ ok: true, name: 'Mary Ann' })
    expect(validateName('x', 'First name').ok).toBe(true)
    expect(validateName('x'.repeat(60), 'Last name').ok).toBe(true)
  })

  it('refuses blanks and 61 characters, naming the field', () => {
    expect(errorOf(validateName('  ', 'Last name'))).toBe('Enter the last name.')
    expect(errorOf(validateName('x'.repeat(61), 'Last name'))).toBe('Last name can be at most 60 characters.')
  })
})

describe('validateDateOfBirth', () => {
  const today = '2025-03-03'

  it('accepts today, 1 January 1900 and 29 February in a leap year', () => {
    expect(validateDateOfBirth('2025-03-03', today).ok).toBe(true)
    expect(validateDateOfBirth('1900-01-01', today).ok).toBe(true)
    expect(validateDateOfBirth('2024-02-29', today).ok).toBe(true)
  })

  it('refuses tomorrow and 31 December 1899', () => {
    expect(errorOf(validateDateOfBirth('2025-03-04', today))).toBe("The date of birth can't be in the future.")
    expect(errorOf(validateDateOfBirth('1899-12-31', today))).toBe('Enter a date of birth from 1900 onwards.')
  })

  it('refuses dates that do not exist', () => {
    expect(errorOf(validateDateOfBirth('2023-02-29', today))).toBe('2023-02-29 is not a real date.')
    expect(errorOf(validateDateOfBirth('1990-04-31', today))).toMatch(/not a real date/)
    expect(errorOf(validateDateOfBirth('1990-13-01', today))).toMatch(/not a real date/)
  })

  it('refuses other formats and blanks', () => {
    expect(errorOf(validateDateOfBirth('14/07/1986', today))).toMatch(/YYYY-MM-DD/)
    expect(errorOf(validateDateOfBirth('1986-7-14', today))).toMatch(/YYYY-MM-DD/)
    expect(errorOf(validateDateOfBirth('', today))).toBe('Enter the date of birth.')
  })
})

describe('validatePatientDetails', () => {
  const options = { defaultCountry: 'AU', today: '2025-03-03' } as const
  const typed = { firstName: ' Amelia ', lastName: 'Nguyen', dateOfBirth: '1986-07-14', email: '', mobile: '0412 345 678' }

  it('returns the stored form: trimmed names, E.164 mobile, null for a blank email', () => {
    expect(validatePatientDetails(typed, options)).toEqual({
      ok: true,
      details: { firstName: 'Amelia', lastName: 'Nguyen', dateOfBirth: '1986-07-14', email: null, mobile: '+61412345678' },
    })
  })

  it('reports every invalid field at once, and only those', () => {
    const result = validatePatientDetails({ ...typed, lastName: '', mobile: '12345', email: 'amelia@' }, options)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(Object.keys(result.errors).sort()).toEqual(['email', 'lastName', 'mobile'])
  })
})

describe('patientSearchTokens', () => {
  const tokens = patientSearchTokens({
    firstName: 'Amelia',
    lastName: 'Nguyen',
    email: 'Amelia.Nguyen@Mail.example',
    mobile: '+61412345678',
  })

  it('holds every prefix of the first and last name, lowercased, from one character', () => {
    for (const token of ['a', 'am', 'amelia', 'n', 'ng', 'nguyen']) expect(tokens).toContain(token)
    expect(tokens).not.toContain('Amelia')
  })

  it('holds the whole email lowercased and the mobile digits in international and national form', () => {
    expect(tokens).toContain('amelia.nguyen@mail.example')
    expect(tokens).toContain('61412345678')
    expect(tokens).toContain('0412345678')
    expect(tokens).not.toContain('+61412345678')
  })

  it('cuts prefixes at 15 characters', () => {
    const long = patientSearchTokens({ firstName: 'Wolfeschlegelsteinhausen', lastName: 'Li' })
    expect(long).toContain('wolfeschlegelst')
    expect(long).not.toContain('wolfeschlegelste')
  })

  it('folds accents and apostrophes and indexes each word of a multi-word name', () => {
    const folded = patientSearchTokens({ firstName: 'Zoë Mary-Ann', lastName: "O'Brien" })
    for (const token of ['zoe', 'zoemaryann', 'mary', 'ann', 'obrien']) expect(folded).toContain(token)
  })

  it('never exceeds 60 tokens, keeping contact details and whole names first', () => {
    const many = patientSearchTokens({
      firstName: 'Maximilian Alexander Sebastian',
      lastName: 'Featherstonehaugh Montgomery Wellington',
      email: 'max@mail.example',
      mobile: '+61412345678',
    })
    expect(many.length).toBe(60)
    expect(many).toContain('max@mail.example')
    expect(many).toContain('0412345678')
    expect(many).toContain('maximilianalexa')
    expect(many).toContain('featherstonehau')
  })

  it('has no contact tokens for a patient without email or mobile', () => {
    expect(patientSearchTokens({ firstName: 'Li', lastName: 'Wu', email: null, mobile: null }).sort()).toEqual(
      ['l', 'li', 'w', 'wu'].sort(),
    )
  })
})

describe('normaliseSearchTerm', () => {
  it('turns a typed name into lowercase, folded tokens, longest first', () => {
    expect(normaliseSearchTerm('  Ngu ')).toEqual(['ngu'])
    expect(normaliseSearchTerm("amelia o'bri")).toEqual(['amelia', 'obri'])
    expect(normaliseSearchTerm('Zoë')).toEqual(['zoe'])
  })

  it('cuts words at 15 characters so a whole long name still matches its longest prefix', () => {
    expect(normaliseSearchTerm('Wolfeschlegelsteinhausen')).toEqual(['wolfeschlegelst'])
  })

  it('keeps an email whole and a phone number as its digits', () => {
    expect(normaliseSearchTerm('Amelia.Nguyen@Mail.example')).toEqual(['amelia.nguyen@mail.example'])
    expect(normaliseSearchTerm('0412 345 678')).toEqual(['0412345678'])
    expect(normaliseSearchTerm('+61 412 345 678')).toEqual(['61412345678'])
  })

  it('matches the tokens stored for the same patient', () => {
    const stored = patientSearchTokens({ firstName: 'Amelia', lastName: 'Nguyen', mobile: '+61412345678' })
    for (const term of ['ngu', 'Amelia Ng', '0412 345 678', '+61 412 345 678']) {
      for (const token of normaliseSearchTerm(term)) expect(stored).toContain(token)
    }
  })

  it('is empty for blanks and punctuation', () => {
    expect(normaliseSearchTerm('   ')).toEqual([])
    expect(normaliseSearchTerm(' - ')).toEqual([])
  })
})

describe('foreignMobileCountry', () => {
  it('names the country of a mobile from abroad, and nothing for one at home', () => {
    expect(foreignMobileCountry('+447400123456', 'AU')).toBe('United Kingdom')
    expect(foreignMobileCountry('+61491570156', 'AU')).toBeNull()
    expect(foreignMobileCountry('not a number', 'AU')).toBeNull()
  })
})

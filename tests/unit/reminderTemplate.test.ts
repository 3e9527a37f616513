import { describe, expect, it } from 'vitest'
import { APPOINTMENT_LOCATIONS } from '../../functions/src/domain/appointmentRules'
import { MESSAGING_CHANNELS } from '../../functions/src/domain/messaging'
import { bookingConfirmationId, dueAt, reminderDecision, reminderId, reminderOffsets, resendReminderId, type ReminderRecipient } from '../../functions/src/domain/reminder'
import { DEFAULT_TEMPLATES, SAMPLE_TERMS, SMS_BODY_MAX, TEMPLATE_KINDS, TERMS, defaultTemplate, findUnknownTerms, reminderDateTime, renderReminder, smsWithOptOut, templateKey, templateKindFor, termsFor, validateTemplate } from '../../functions/src/domain/reminderTemplate'

describe('findUnknownTerms', () => {
  it('accepts every term in a video template', () => {
    expect(findUnknownTerms(TERMS.join(' '), 'video')).toEqual([])
  })

  it('names each unknown term once, in order', () => {
    expect(findUnknownTerms('Hi [Favourite Colour] [Last Name] [Favourite Colour]', 'video')).toEqual([
      '[Favourite Colour]',
      '[Last Name]',
    ])
  })

  it('is exact about spelling and case', () => {
    expect(findUnknownTerms('[first name] [FirstName] [First Name]', 'video')).toEqual(['[first name]', '[FirstName]'])
  })

  it('treats the link and code as unknown outside video consultations', () => {
    for (const kind of ['phone', 'in-person'] as const) {
      expect(findUnknownTerms('[Video Consult Link] [Access Code] [Time]', kind)).toEqual(['[Video Consult Link]', '[Access Code]'])
      expect(termsFor(kind)).not.toContain('[Access Code]')
    }
  })

  it('offers a booking confirmation every term a video reminder has, link and code included', () => {
    expect(termsFor('video-booking')).toEqual([...TERMS])
    expect(findUnknownTerms(TERMS.join(' '), 'video-booking')).toEqual([])
  })

  it('ignores brackets that span lines and empty brackets', () => {
    expect(findUnknownTerms('a [\n] b [] c', 'video')).toEqual([])
  })
})

describe('validateTemplate', () => {
  it('refuses an unknown term, naming it and listing the allowed ones', () => {
    expect(validateTemplate({ kind: 'video', channel: 'sms', body: 'Hi [First Name], your [Favourite Colour]' })).toBe(
      'Unknown term [Favourite Colour]. Use one of: [First Name], [Practitioner], [Date], [Time], [Video Consult Link], [Access Code], [Practice Name], [Practice Phone].',
    )
  })

  it('refuses a link term in a phone template and an unknown term in an email subject', () => {
    expect(validateTemplate({ kind: 'phone', channel: 'sms', body: 'Join [Video Consult Link]' })).toMatch(
      /^\[Video Consult Link\] can only be used in video consultation templates/,
    )
    expect(validateTemplate({ kind: 'in-person', channel: 'email', subject: 'Code [Access Code]', body: 'Hi' })).toMatch(/^\[Access Code\]/)
    expect(validateTemplate({ kind: 'video', channel: 'email', subject: 'For [Surname]', body: 'Hi' })).toMatch(/^Unknown term \[Surname\]/)
  })

  it('needs a body, and a subject for email only', () => {
    expect(validateTemplate({ kind: 'video', channel: 'sms', body: '   ' })).toBe('Enter the message text.')
    expect(validateTemplate({ kind: 'video', channel: 'email', subject: ' ', body: 'Hi' })).toBe('Enter a subject for the email.')
    expect(validateTemplate({ kind: 'video', channel: 'sms', body: 'Hi' })).toBeNull()
  })

  it('limits an SMS to its maximum length, inclusive', () => {
    expect(validateTemplate({ kind: 'video', channel: 'sms', body: 'x'.repeat(SMS_BODY_MAX) })).toBeNull()
    expect(validateTemplate({ kind: 'video', channel: 'sms', body: 'x'.repeat(SMS_BODY_MAX + 1) })).toMatch(/at most/)
  })

  it('accepts every default template', () => {
    for (const kind of TEMPLATE_KINDS) {
      for (const channel of MESSAGING_CHANNELS) {
        expect(validateTemplate({ kind, channel, ...defaultTemplate(kind, channel) }), `${kind} ${channel}`).toBeNull()
      }
    }
  })
})

describe('renderReminder', () => {
  it('replaces every occurrence of every term', () => {
    const rendered = renderReminder(
      { subject: '[First Name], [Date]', body: `${TERMS.join('|')}|[First Name]` },
      SAMPLE_TERMS,
    )
    expect(rendered.subject).toBe('Alex, Tuesday 11 March')
    expect(rendered.body).toBe(
      'Alex|Dr Sam Patel|Tuesday 11 March|10:30 AM|https://clinic.example/join/Xy7…|482 913|Harbourside Family Clinic|+61 2 9000 0000|Alex',
    )
    expect(rendered.body).not.toMatch(/\[/)
  })

  it('does not re-expand a term that appears inside a value', () => {
    expect(renderReminder({ body: '[First Name] at [Time]' }, { ...SAMPLE_TERMS, firstName: '[Time]' }).body).toBe('[Time] at 10:30 AM')
  })

  it('has no subject for SMS', () => {
    expect(renderReminder(DEFAULT_TEMPLATES.video_sms, SAMPLE_TERMS)).not.toHaveProperty('subject')
  })

  it('renders defaults with the first name only and a way out on every SMS', () => {
    for (const kind of APPOINTMENT_LOCATIONS) {
      const sms = renderReminder(defaultTemplate(kind, 'sms'), SAMPLE_TERMS).body
      expect(sms).toContain('Alex')
      expect(sms.endsWith('Reply STOP to opt out.')).toBe(true)
      if (kind !== 'video') expect(sms).not.toContain('join')
    }
  })
})

describe('smsWithOptOut', () => {
  it('appends the opt-out line when a template left it out, and only then', () => {
    expect(smsWithOptOut('See you soon. ')).toBe('See you soon. Reply STOP to opt out.')
    expect(smsWithOptOut('Text STOP to stop.')).toBe('Text STOP to stop.')
  })
})

describe('reminderDateTime', () => {
  it('shows the time in the practice time zone, across the date line', () => {
    // 23:00 UTC on 10 March is 10:00 on 11 March in Sydney (daylight time).
    expect(reminderDateTime(new Date('2025-03-10T23:00:00Z'), 'Australia/Sydney')).toEqual({ date: 'Tuesday 11 March', time: '10:00 AM' })
    expect(reminderDateTime(new Date('2025-03-10T23:00:00Z'), 'America/New_York')).toEqual({ date: 'Monday 10 March', time: '7:00 PM' })
  })
})

describe('reminder ids and times', () => {
  it('gives one deterministic id per patient, offset and channel', () => {
    expect(reminderId('p1', 24, 'email')).toBe('p1_24h_email')
    expect(reminderId('p1', 2, 'sms')).toBe('p1_2h_sms')
    expect(resendReminderId('p1', new Date(1_700_000_000_000), 'sms')).toBe('p1_resend-1700000000000_sms')
  })

  it('is due exactly offset hours before the start', () => {
    const start = new Date('2025-03-10T23:00:00Z')
    expect(dueAt(start, 24).toISOString()).toBe('2025-03-09T23:00:00.000Z')
    expect(dueAt(start, 2).toISOString()).toBe('2025-03-10T21:00:00.000Z')
  })

  it('uses the practice offsets, or 24 h and 2 h when unset or unusable', () => {
    expect(reminderOffsets(undefined)).toEqual([24, 2])
    expect(reminderOffsets([48, 48, 1])).toEqual([48, 1])
    expect(reminderOffsets([0, 169, 1.5, 168, 1])).toEqual([168, 1])
    expect(reminderOffsets([])).toEqual([])
  })
})

describe('reminderDecision', () => {
  const granted = { granted: true }
  const consenting: ReminderRecipient = {
    email: 'alex@mail.example',
    mobile: '+61412345678',
    consent: { email: granted, sms: granted },
    optOut: { email: null, sms: null },
  }

  it('sends to the address of a consenting patient', () => {
    expect(reminderDecision(consenting, 'email')).toEqual({ send: true, address: 'alex@mail.example' })
    expect(reminderDecision(consenting, 'sms')).toEqual({ send: true, address: '+61412345678' })
  })

  it('skips without consent on that channel', () => {
    const patient = { ...consenting, consent: { email: { granted: false }, sms: granted } }
    expect(reminderDecision(patient, 'email')).toEqual({ send: false, reason: 'No email consent' })
    expect(reminderDecision({ ...consenting, consent: {} }, 'sms')).toEqual({ send: false, reason: 'No SMS consent' })
    expect(reminderDecision(patient, 'sms').send).toBe(true)
  })

  it('lets an opt-out win over consent', () => {
    const patient = { ...consenting, optOut: { sms: { at: new Date() }, email: null } }
    expect(reminderDecision(patient, 'sms')).toEqual({ send: false, reason: 'Opted out of SMS' })
    expect(reminderDecision({ ...consenting, optOut: { email: { at: 1 } } }, 'email')).toEqual({ send: false, reason: 'Opted out of email' })
  })

  it('skips a consenting patient without an address', () => {
    expect(reminderDecision({ ...consenting, mobile: null }, 'sms')).toEqual({ send: false, reason: 'No mobile number' })
    expect(reminderDecision({ ...consenting, email: '  ' }, 'email')).toEqual({ send: false, reason: 'No email address' })
  })
})

describe('booking confirmations', () => {
  it('are written from a template kind of their own, with their own outbox id per patient and channel', () => {
    expect(templateKindFor('booking-confirmation', 'video')).toBe('video-booking')
    expect(templateKindFor('reminder', 'phone')).toBe('phone')
    expect(templateKindFor('invite-resend', 'video')).toBe('video')
    expect(templateKey('video-booking', 'sms')).toBe('video-booking_sms')
    expect(bookingConfirmationId('p1', 'email')).toBe('p1_booking_email')
    expect(bookingConfirmationId('p1', 'email')).not.toBe(reminderId('p1', 24, 'email'))
  })

  it('by default say it is booked and carry the link and code, by first name only, with a way out on SMS', () => {
    for (const channel of MESSAGING_CHANNELS) {
      const rendered = renderReminder(defaultTemplate('video-booking', channel), SAMPLE_TERMS)
      expect(rendered.body).toContain('booked')
      expect(rendered.body).toContain(SAMPLE_TERMS.videoLink)
      expect(rendered.body).toContain(SAMPLE_TERMS.accessCode)
      expect(rendered.body).toContain('Hi Alex,')
    }
    expect(renderReminder(defaultTemplate('video-booking', 'sms'), SAMPLE_TERMS).body.endsWith('Reply STOP to opt out.')).toBe(true)
    expect(defaultTemplate('video-booking', 'email').subject).toBe('Booked: your video consultation with [Practitioner] on [Date]')
  })
})

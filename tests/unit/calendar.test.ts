import { describe, expect, it } from 'vitest'
import {
  addPracticeDays,
  calendarRange,
  isPracticeDate,
  practiceDateOf,
  practiceDateRange,
  practiceInstant,
  practiceMinutesOfDay,
  practiceTimeOf,
  practiceWeekRange,
  weekStartOf,
} from '../../functions/src/domain/calendar'
import { maxPatientsFor, validateAppointmentDraft } from '../../functions/src/domain/appointmentRules'

const hours = (r: { start: Date; end: Date }) => (r.end.getTime() - r.start.getTime()) / 3_600_000

describe('practice dates and times', () => {
  it('turns a practice-local date and time into the UTC instant and back', () => {
    const instant = practiceInstant('2025-03-04', '09:00', 'Australia/Sydney')
    expect(instant.toISOString()).toBe('2025-03-03T22:00:00.000Z')
    expect(practiceDateOf(instant, 'Australia/Sydney')).toBe('2025-03-04')
    expect(practiceTimeOf(instant, 'Australia/Sydney')).toBe('09:00')
    expect(practiceMinutesOfDay(instant, 'Australia/Sydney')).toBe(540)
  })

  it('uses the offset in force on that date, on both sides of a daylight-saving change', () => {
    expect(practiceInstant('2025-04-05', '09:00', 'Australia/Sydney').toISOString()).toBe('2025-04-04T22:00:00.000Z')
    expect(practiceInstant('2025-04-07', '09:00', 'Australia/Sydney').toISOString()).toBe('2025-04-06T23:00:00.000Z')
    expect(practiceInstant('2025-03-10', '09:00', 'America/New_York').toISOString()).toBe('2025-03-10T13:00:00.000Z')
  })

  it('moves a wall-clock time skipped by daylight saving forward by the gap', () => {
    const instant = practiceInstant('2025-10-05', '02:30', 'Australia/Sydney')
    expect(practiceTimeOf(instant, 'Australia/Sydney')).toBe('03:30')
  })

  it('rejects dates and times that do not exist on a calendar', () => {
    expect(isPracticeDate('2025-02-29')).toBe(false)
    expect(isPracticeDate('2024-02-29')).toBe(true)
    expect(() => practiceInstant('2025-02-30', '09:00', 'UTC')).toThrow(RangeError)
    expect(() => practiceInstant('2025-03-04', '24:00', 'UTC')).toThrow(RangeError)
  })

  it('adds days across month and year ends', () => {
    expect(addPracticeDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addPracticeDays('2025-03-01', -1)).toBe('2025-02-28')
  })
})

describe('calendar weeks', () => {
  it('start on Monday, whatever the day given', () => {
    expect(weekStartOf('2025-03-05')).toBe('2025-03-03') // Wednesday
    expect(weekStartOf('2025-03-03')).toBe('2025-03-03') // Monday
    expect(weekStartOf('2025-03-09')).toBe('2025-03-03') // Sunday
  })

  it('cover seven practice days from Monday midnight to the next Monday midnight in the practice zone', () => {
    const week = practiceWeekRange('2025-03-05', 'Australia/Sydney')
    expect(week.days.map((d) => d.date)).toEqual([
      '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09',
    ])
    expect(week.start.toISOString()).toBe('2025-03-02T13:00:00.000Z')
    expect(week.end.toISOString()).toBe('2025-03-09T13:00:00.000Z')
    week.days.slice(1).forEach((day, i) => expect(day.start.getTime()).toBe(week.days[i]!.end.getTime()))
  })

  it('last 169 hours in the week daylight saving ends, with the 25-hour day on Sunday', () => {
    const week = practiceWeekRange('2025-04-02', 'Australia/Sydney')
    expect(hours(week)).toBe(169)
    expect(hours(week.days[6]!)).toBe(25)
  })

  it('lasts one practice day in day view, 23 hours when daylight saving starts', () => {
    const day = calendarRange('day', '2025-10-05', 'Australia/Sydney')
    expect(day.days).toHaveLength(1)
    expect(hours(day)).toBe(23)
    expect(practiceDateRange('2025-10-05', 'Australia/Sydney').start.toISOString()).toBe('2025-10-04T14:00:00.000Z')
  })
})

describe('appointment drafts', () => {
  const draft = {
    start: new Date('2025-03-04T22:00:00Z'),
    durationMinutes: 30,
    location: 'video',
    patientIds: ['p1', 'p2'],
  }

  it('allow three patients in a video consultation and one elsewhere', () => {
    expect(maxPatientsFor('video')).toBe(3)
    expect(maxPatientsFor('phone')).toBe(1)
    expect(maxPatientsFor('in-person')).toBe(1)
    expect(validateAppointmentDraft({ ...draft, patientIds: ['p1', 'p2', 'p3'] })).toBeNull()
    expect(validateAppointmentDraft({ ...draft, location: 'phone', patientIds: ['p1'] })).toBeNull()
  })

  it('refuse a fourth patient in a video consultation and a second one elsewhere', () => {
    expect(validateAppointmentDraft({ ...draft, patientIds: ['p1', 'p2', 'p3', 'p4'] })).toBe(
      'A video consultation can have at most 3 patients.',
    )
    expect(validateAppointmentDraft({ ...draft, location: 'phone' })).toBe('A phone consultation has exactly one patient.')
    expect(validateAppointmentDraft({ ...draft, location: 'in-person' })).toBe(
      'An in-person appointment has exactly one patient.',
    )
  })

  it('need at least one patient, each only once', () => {
    expect(validateAppointmentDraft({ ...draft, patientIds: [] })).toBe('Add at least one patient.')
    expect(validateAppointmentDraft({ ...draft, location: 'phone', patientIds: [] })).toBe(
      'A phone consultation has exactly one patient.',
    )
    expect(validateAppointmentDraft({ ...draft, patientIds: ['p1', 'p1'] })).toBe('Each patient can be added only once.')
  })

  it('take durations from 5 to 480 whole minutes', () => {
    expect(validateAppointmentDraft({ ...draft, durationMinutes: 5 })).toBeNull()
    expect(validateAppointmentDraft({ ...draft, durationMinutes: 480 })).toBeNull()
    for (const durationMinutes of [4, 481, 12.5, Number.NaN]) {
      expect(validateAppointmentDraft({ ...draft, durationMinutes })).toBe(
        'The duration must be a whole number of minutes from 5 to 480.',
      )
    }
  })

  it('need a real start and a known location', () => {
    expect(validateAppointmentDraft({ ...draft, start: new Date('nope') })).toBe('Choose a valid date and start time.')
    expect(validateAppointmentDraft({ ...draft, location: 'garden' })).toBe(
      'Choose a location: Video consultation, Phone consultation or In person.',
    )
  })
})

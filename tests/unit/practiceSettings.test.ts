import { describe, expect, it } from 'vitest'
import { bookingConfirmationOn, changedProfileFields, DEFAULT_OPENING_HOURS, parseReminderOffsets, practiceProfileProblems, type PracticeProfile } from '../../functions/src/domain/practiceSettings'

const profile = (overrides: Partial<PracticeProfile> = {}, settings: Partial<PracticeProfile['settings']> = {}): PracticeProfile => ({
  name: 'Harbourside',
  timeZone: 'Australia/Sydney',
  phone: '+61290000000',
  openingHours: DEFAULT_OPENING_HOURS,
  ...overrides,
  settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15, lowBalanceCredits: 20, bookingConfirmation: true, ...settings },
})

describe('practice settings, as the rules check them', () => {
  it('accepts the limits at both ends', () => {
    expect(practiceProfileProblems(profile({}, { joinWindowMinutes: 0, idleTimeoutMinutes: 120, lowBalanceCredits: 0, reminderOffsetsHours: [] }))).toEqual({})
    expect(practiceProfileProblems(profile({ name: 'x'.repeat(120) }, { joinWindowMinutes: 60, idleTimeoutMinutes: 1, reminderOffsetsHours: [168, 72, 24, 1] }))).toEqual({})
  })

  it('names each field that is out of bounds', () => {
    const problems = practiceProfileProblems(
      profile({ name: ' ', timeZone: 'Mars/Olympus', phone: '0291234567' }, { joinWindowMinutes: 61, idleTimeoutMinutes: 0, lowBalanceCredits: -1, reminderOffsetsHours: [24, 24] }),
    )
    expect(Object.keys(problems).sort()).toEqual([
      'name',
      'phone',
      'settings.idleTimeoutMinutes',
      'settings.joinWindowMinutes',
      'settings.lowBalanceCredits',
      'settings.reminderOffsetsHours',
      'timeZone',
    ])
  })

  it('wants opening hours as HH:mm with the close after the open', () => {
    expect(practiceProfileProblems(profile({ openingHours: { ...DEFAULT_OPENING_HOURS, mon: { open: '17:00', close: '09:00' } } }))).toEqual({
      'openingHours.mon': 'Closing time must be after opening time.',
    })
    expect(practiceProfileProblems(profile({ openingHours: { ...DEFAULT_OPENING_HOURS, tue: { open: '9:00', close: '17:00' } } }))).toEqual({
      'openingHours.tue': 'Use 24-hour times such as 08:30.',
    })
  })

  it('reads reminder offsets typed as a list', () => {
    expect(parseReminderOffsets('24, 2')).toEqual([24, 2])
    expect(parseReminderOffsets('')).toEqual([])
    expect(parseReminderOffsets('24, two')).toBeNull()
  })

  it('lists the changed fields by name for the audit entry', () => {
    const before = profile()
    expect(changedProfileFields(before, profile({ name: 'New' }, { joinWindowMinutes: 20 }))).toEqual(['name', 'settings.joinWindowMinutes'])
    expect(changedProfileFields({ name: 'Harbourside', timeZone: 'Australia/Sydney', phone: '+61290000000' }, before)).toEqual(['openingHours', 'settings.joinWindowMinutes', 'settings.reminderOffsetsHours', 'settings.idleTimeoutMinutes', 'settings.lowBalanceCredits'])
  })

  it('sends booking confirmations unless the owner turned them off, and names the setting only when it changes', () => {
    expect([bookingConfirmationOn(undefined), bookingConfirmationOn(true), bookingConfirmationOn(false)]).toEqual([true, true, false])
    const older = { ...profile(), settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15, lowBalanceCredits: 20 } }
    expect(changedProfileFields(older as Partial<PracticeProfile>, profile())).toEqual([])
    expect(changedProfileFields(older as Partial<PracticeProfile>, profile({}, { bookingConfirmation: false }))).toEqual(['settings.bookingConfirmation'])
    expect(practiceProfileProblems(profile({}, { bookingConfirmation: 'yes' as unknown as boolean }))).toEqual({
      'settings.bookingConfirmation': 'Choose whether to send booking confirmations.',
    })
  })
})

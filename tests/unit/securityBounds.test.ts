import { describe, expect, it } from 'vitest'
import { isWithinYearsOf, validateAppointmentDraft } from '../../functions/src/domain/appointmentRules'
import { memberInvitationExpiresAt, memberInvitationProblem } from '../../functions/src/domain/memberInvitation'

const now = new Date('2026-11-28T12:00:00Z')
const draft = (start: Date) => ({ start, durationMinutes: 30, location: 'video', patientIds: ['p1'] })

describe('appointment dates are bounded to 5 years either way (finding 6)', () => {
  it('accepts the bounds themselves', () => {
    expect(isWithinYearsOf(new Date('2031-11-28T12:00:00Z'), now, 5)).toBe(true)
    expect(isWithinYearsOf(new Date('2021-11-28T12:00:00Z'), now, 5)).toBe(true)
  })

  it('refuses a moment past either bound', () => {
    expect(isWithinYearsOf(new Date('2031-11-28T12:00:01Z'), now, 5)).toBe(false)
    expect(isWithinYearsOf(new Date('2021-11-28T11:59:59Z'), now, 5)).toBe(false)
  })

  it('gives the form and the callable the same message for year 9999 and the distant past', () => {
    expect(validateAppointmentDraft(draft(new Date('9999-12-31T23:30:00Z')), now)).toBe('Choose a date within 5 years of today.')
    expect(validateAppointmentDraft(draft(new Date('1900-01-01T00:00:00Z')), now)).toBe('Choose a date within 5 years of today.')
    expect(validateAppointmentDraft(draft(new Date('2027-01-05T09:00:00Z')), now)).toBeNull()
  })
})

describe('member invitations expire and are spent once (finding 1)', () => {
  const expiresAt = memberInvitationExpiresAt(now)

  it('lasts 7 days', () => {
    expect(expiresAt.toISOString()).toBe('2026-12-05T12:00:00.000Z')
  })

  it('admits its holder while pending and before it expires, not at the expiry itself', () => {
    expect(memberInvitationProblem({ status: 'pending', expiresAt }, now)).toBeNull()
    expect(memberInvitationProblem({ status: 'pending', expiresAt }, expiresAt)).toBe('expired')
  })

  it('says accepted or withdrawn before expired, and treats an unknown status as withdrawn', () => {
    const later = new Date(expiresAt.getTime() + 1)
    expect(memberInvitationProblem({ status: 'accepted', expiresAt }, later)).toBe('accepted')
    expect(memberInvitationProblem({ status: 'revoked', expiresAt }, later)).toBe('revoked')
    expect(memberInvitationProblem({ status: 'weird', expiresAt }, now)).toBe('revoked')
  })
})

import { describe, expect, it } from 'vitest'
import { joinWindow } from '../../functions/src/domain/joinWindow'
import { inviteProblem, type InviteState } from '../../functions/src/invites/inviteState'

const start = new Date('2025-03-10T23:00:00Z')
const end = new Date('2025-03-10T23:30:00Z')
const before = new Date('2025-03-10T12:00:00Z')
const MINUTE = 60_000

function state(overrides: { invite?: Partial<InviteState['invite']>; appointment?: Partial<InviteState['appointment']>; visit?: InviteState['visit'] } = {}) {
  return {
    invite: {
      practiceId: 'pr',
      appointmentId: 'ap',
      patientId: 'p1',
      codeHash: 'scrypt$x$y',
      status: 'active',
      revokedReason: null,
      failedAttempts: 0,
      lockedUntil: null,
      ...overrides.invite,
    },
    appointment: { start, end, status: 'scheduled', location: 'video', practitionerId: 'dr', practitionerName: 'Dr', patientIds: ['p1'], ...overrides.appointment },
    visit: overrides.visit ?? null,
    joinWindow: joinWindow({ start, end }, 10),
  }
}

describe('why a link admits no one', () => {
  it('admits an active invite of a scheduled video appointment, well before the window opens', () => {
    expect(inviteProblem(state(), before)).toBeNull()
  })

  it('says cancelled when the clinic cancelled, whatever else is true', () => {
    expect(inviteProblem(state({ appointment: { status: 'cancelled' } }), before)).toBe('cancelled')
    expect(inviteProblem(state({ invite: { status: 'revoked', revokedReason: 'appointment-cancelled' } }), before)).toBe('cancelled')
    expect(inviteProblem(state({ invite: { status: 'used' }, appointment: { status: 'cancelled' } }), before)).toBe('cancelled')
  })

  it('says revoked for a withdrawn link, a patient no longer booked, or a visit no longer by video', () => {
    expect(inviteProblem(state({ invite: { status: 'revoked', revokedReason: 'patient-removed' } }), before)).toBe('revoked')
    expect(inviteProblem(state({ appointment: { patientIds: ['p2'] } }), before)).toBe('revoked')
    expect(inviteProblem(state({ appointment: { location: 'phone' } }), before)).toBe('revoked')
  })

  it('says finished once the practitioner ended the visit or the join window has closed (end + 60 min)', () => {
    expect(inviteProblem(state({ visit: { status: 'ended' } }), before)).toBe('finished')
    expect(inviteProblem(state({ appointment: { status: 'completed' } }), before)).toBe('finished')
    expect(inviteProblem(state(), new Date(end.getTime() + 60 * MINUTE - 1))).toBeNull()
    expect(inviteProblem(state(), new Date(end.getTime() + 60 * MINUTE))).toBe('finished')
    expect(inviteProblem(state({ invite: { status: 'used' } }), new Date(end.getTime() + 60 * MINUTE))).toBe('finished')
  })

  it('says left for a patient who clicked End call while the visit goes on', () => {
    expect(inviteProblem(state({ invite: { status: 'used' }, visit: { status: 'live' } }), start)).toBe('left')
  })

  it('refuses an invite status it does not know rather than admitting it', () => {
    expect(inviteProblem(state({ invite: { status: 'paused' } }), before)).toBe('revoked')
  })
})

/**
 * Test data builders for the phone's collections (phoneNumbers, contacts, calls; docs/data-model.md). Plain objects,
 * no Firebase imports; timestamps are `Date`s.
 */
import { randomBytes } from 'node:crypto'
import type { CallDoc } from '../../functions/src/domain/callLog'
import type { PhoneNumberDoc } from '../../functions/src/domain/phoneNumbers'

export const aCallSid = () => `CA${randomBytes(16).toString('hex')}`

export type PhoneNumberFixture = PhoneNumberDoc

export function aPhoneNumber(overrides: Partial<PhoneNumberFixture> = {}): PhoneNumberFixture {
  return { label: 'Reception line', capabilities: { voice: true, sms: true }, allowedMemberIds: [], ...overrides }
}

export interface ContactFixture {
  name: string
  organisation: string
  phone: string
  createdAt: Date
  updatedAt: Date
}

export function aContact(overrides: Partial<ContactFixture> = {}): ContactFixture {
  return { name: 'Dr Mei Chen', organisation: 'Harbour Imaging', phone: '+61290001234', createdAt: new Date(), updatedAt: new Date(), ...overrides }
}

/** The call log document as the functions write it, with `Date`s for timestamps. */
export type CallFixture = CallDoc<Date>

export function aCall(overrides: Partial<CallFixture> & { placedBy: string; onBehalfOf: string }): CallFixture {
  const callSid = overrides.callSid ?? aCallSid()
  const startedAt = overrides.startedAt ?? new Date()
  return {
    calleeCallSid: aCallSid(),
    placedByName: 'Sam Reception',
    onBehalfOfName: 'Dr Isla Patel',
    visibleTo: [...new Set([overrides.placedBy, overrides.onBehalfOf])],
    from: '+61291234567',
    to: '+61412345678',
    recipient: { kind: 'patient', id: 'patient-1', name: 'Alex Nguyen' },
    recipientNameLower: 'alex nguyen',
    appointmentId: null,
    status: 'completed',
    lastSequence: 3,
    answeredAt: new Date(startedAt.getTime() + 5000),
    endedAt: new Date(startedAt.getTime() + 66_000),
    durationSeconds: 61,
    credits: 2,
    charged: true,
    held: false,
    ...overrides,
    callSid,
    startedAt,
  }
}

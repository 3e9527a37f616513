/**
 * Test data builders for the phone's collections (phoneNumbers, contacts, calls; docs/data-model.md). Plain objects,
 * no Firebase imports; timestamps are `Date`s.
 */
import { randomBytes } from 'node:crypto'

export const aCallSid = () => `CA${randomBytes(16).toString('hex')}`

export interface PhoneNumberFixture {
  label: string
  capabilities: { voice: boolean; sms: boolean }
  allowedMemberIds: string[]
}

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

export interface CallFixture {
  callSid: string
  calleeCallSid: string | null
  placedBy: string
  placedByName: string
  onBehalfOf: string
  onBehalfOfName: string
  visibleTo: string[]
  from: string
  to: string
  recipient: { kind: 'patient' | 'contact'; id: string; name: string }
  recipientNameLower: string
  appointmentId: string | null
  status: string
  lastSequence: number
  startedAt: Date
  answeredAt: Date | null
  endedAt: Date | null
  durationSeconds: number
  credits: number
  charged: boolean
  held: boolean
}

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

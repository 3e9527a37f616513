/**
 * Test data builders for video visits: invites, visit documents, presence and WebRTC signals
 * (shapes in functions/src/domain/visit.ts and docs/data-model.md).
 *
 * Plain objects only, no Firebase imports, like ./practice.ts. Times are `Date`s; a client write that the
 * rules require to carry the request time overrides them with `serverTimestamp()`.
 */
import type { ParticipantDoc, PatientClaims, SignalDoc, VisitDoc } from '../../functions/src/domain/visit'
import type { InviteDoc as SharedInviteDoc, InviteStatus } from '../../functions/src/domain/invite'
import { uniqueId } from './ids'

const CREATED_AT = new Date('2025-03-03T09:00:00Z')

/** `invites/{inviteId}` as the invite functions store it (functions/src/domain/invite.ts), with `Date`s. */
export type { InviteStatus }
export type InviteDoc = SharedInviteDoc<Date> & { lockedUntil: Date | null; createdAt: Date }

export function anInvite(overrides: Partial<InviteDoc> = {}): InviteDoc {
  return {
    practiceId: uniqueId('practice'),
    appointmentId: uniqueId('appointment'),
    patientId: uniqueId('patient'),
    nonce: 'bm9uY2Utbm90LWEtc2VjcmV0',
    codeHash: 'scrypt$c2FsdA$aGFzaA',
    status: 'active',
    failedAttempts: 0,
    lockedUntil: null,
    createdAt: CREATED_AT,
    ...overrides,
  }
}

/** The claims redeemInvite puts on a patient's custom token, from the invite it redeemed. */
export function patientClaimsFor(inviteId: string, invite: Pick<InviteDoc, 'practiceId' | 'appointmentId' | 'patientId'>): PatientClaims {
  return { practiceId: invite.practiceId, appointmentId: invite.appointmentId, inviteId, patientId: invite.patientId }
}

export type VisitDocData = Omit<VisitDoc, 'practitionerJoinedAt' | 'endedAt'> & {
  practitionerJoinedAt: Date
  endedAt: Date | null
}

/** A live visit (the practitioner pressed Start); pass `status: 'ended'` with `endedAt`/`endedBy` for an ended one. */
export function aVisit(overrides: Partial<VisitDocData> = {}): VisitDocData {
  return {
    practitionerId: uniqueId('user'),
    patientIds: [uniqueId('patient')],
    status: 'live',
    mediaProvider: 'webrtc',
    practitionerJoinedAt: CREATED_AT,
    joinedPatientIds: [],
    endedAt: null,
    endedBy: null,
    ...overrides,
  }
}

export type ParticipantDocData = Omit<ParticipantDoc, 'joinedAt' | 'lastSeenAt'> & { joinedAt: unknown; lastSeenAt: unknown }

/** A patient waiting with camera and microphone on and a good connection; override `role`/`patientId` for others. */
export function aParticipant(overrides: Partial<ParticipantDocData> = {}): ParticipantDocData {
  return {
    role: 'patient',
    patientId: uniqueId('patient'),
    screenName: 'Amelia',
    state: 'waiting',
    connection: 'good',
    media: { audio: true, video: true, screen: false },
    joinedAt: CREATED_AT,
    lastSeenAt: CREATED_AT,
    ...overrides,
  }
}

export type SignalDocData = Omit<SignalDoc, 'createdAt'> & { createdAt: unknown }

/** An ICE candidate from one participant to another. */
export function aSignal(overrides: Partial<SignalDocData> = {}): SignalDocData {
  return {
    from: uniqueId('user'),
    to: uniqueId('user'),
    type: 'candidate',
    slot: 0,
    payload: JSON.stringify({ candidate: 'candidate:1 1 udp 2122260223 192.168.1.20 54400 typ host', sdpMid: '0' }),
    createdAt: CREATED_AT,
    ...overrides,
  }
}

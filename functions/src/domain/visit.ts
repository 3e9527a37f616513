/**
 * The shapes shared by the visit functions, the rules and the web app: Firestore documents under
 * `practices/{p}/visits/{appointmentId}` and the inputs and results of the visit callables.
 * Types only (and a few constants), no Firebase imports; timestamps are ISO strings in callable results.
 * docs/data-model.md describes the same documents for people.
 */
import type { ConnectionStrength } from './connectionStrength'
import type { VisitCredits } from './credits'

export const MAX_PATIENTS_PER_VISIT = 3
/** Participants write a heartbeat this often… */
export const HEARTBEAT_INTERVAL_MS = 10_000
/** …and count as gone when the last one is older than this. */
export const PRESENCE_STALE_MS = 30_000
export const SCREEN_NAME_MAX = 60

/** Wrong codes before an invite locks, and how long it stays locked. */
export const MAX_CODE_ATTEMPTS = 5
export const INVITE_LOCK_MINUTES = 15

export type MediaProvider = 'agora' | 'webrtc'

// ---------------------------------------------------------------- Firestore documents

/** `practices/{p}/visits/{appointmentId}`: created by `startVisit`, ended by `endVisit`. Functions write it. */
export interface VisitDoc {
  practitionerId: string
  patientIds: string[]
  status: 'live' | 'ended'
  mediaProvider: MediaProvider
  /** When the practitioner pressed Start: billing counts from here. */
  practitionerJoinedAt: unknown // Timestamp
  /** Patients (ids) who got media access at least once: billing charges for them. */
  joinedPatientIds: string[]
  endedAt: unknown | null // Timestamp
  endedBy: string | null
  /** Why it ended: the practitioner's End, the appointment cancelled, or the sweep of abandoned visits. */
  endReason?: 'ended-by-practitioner' | 'appointment-cancelled' | 'abandoned'
  /** Set when it ends: creditsForVisit from practitionerJoinedAt to endedAt for joinedPatientIds. */
  creditsEstimate?: VisitCredits
  /** Set when it ends: the credits charged to the ledger (0: nobody joined, no entry). */
  creditsCharged?: number
  /** The ledger entry of the charge (`visit_{appointmentId}`), or null when nothing was charged. */
  ledgerEntryId?: string | null
  /**
   * True from the End until the charge is in the ledger (settleVisitCharges, right after the End and on every
   * sweep); `pendingCharge` holds what the End decided to charge, so the settlement writes exactly that.
   */
  chargePending?: boolean
  pendingCharge?: PendingVisitCharge | null
}

/** A visit's charge as its End decided it, until it is settled into the ledger. */
export interface PendingVisitCharge {
  credits: number
  blocks: number
  patients: number
  reason: NonNullable<VisitDoc['endReason']>
  actor: { uid: string; role: string } | { kind: 'system' }
}

export type ParticipantRole = 'practitioner' | 'patient'
/** waiting: in the waiting room; in-visit: in the media channel; left: clicked End call (or the visit ended). */
export type ParticipantState = 'waiting' | 'in-visit' | 'left'

/**
 * `practices/{p}/visits/{a}/participants/{uid}`: presence, written by each participant for itself (rules check
 * the uid, the role and the shape). `lastSeenAt` is a heartbeat (serverTimestamp) every HEARTBEAT_INTERVAL_MS.
 */
/** What a participant is sending: the microphone unless muted, the camera unless off, or the screen instead. */
export interface MediaFlags {
  audio: boolean
  video: boolean
  screen: boolean
}

export interface ParticipantDoc {
  role: ParticipantRole
  /** The patient record id for a patient; null for the practitioner. */
  patientId: string | null
  /** Typed by the patient at join; the practitioner's display name. At most SCREEN_NAME_MAX characters. */
  screenName: string
  state: ParticipantState
  connection: ConnectionStrength
  media: MediaFlags
  joinedAt: unknown // Timestamp
  lastSeenAt: unknown // Timestamp
}

/**
 * Signal slots per sender and visit: a signal's id is `{from}~{slot}` (signalId), and the rules refuse a slot that
 * is taken or out of range, so nobody can flood a visit with signalling. The recipient deletes a handled signal,
 * which frees its slot.
 */
export const MAX_SIGNAL_SLOTS = 256

/** The id of a sender's signal in one of its slots (0 … MAX_SIGNAL_SLOTS − 1). */
export function signalId(from: string, slot: number): string {
  return `${from}~${slot}`
}

/** `practices/{p}/visits/{a}/signals/{from}~{slot}`: WebRTC signalling for the development media backend only. */
export interface SignalDoc {
  from: string
  to: string
  type: 'offer' | 'answer' | 'candidate' | 'bye'
  /** The sender's slot, also in the id (see MAX_SIGNAL_SLOTS). */
  slot: number
  /**
   * JSON, at most 60 000 characters: an envelope `{ session, connection, toConnection, seq, data }` around the
   * RTCSessionDescriptionInit or the batch of RTCIceCandidateInit (web/src/media/webrtc/signalEnvelope.ts). The ids
   * let a peer that rejoins under the same uid replace its old connection; `seq` restores send order.
   */
  payload: string
  createdAt: unknown // Timestamp
}

// ---------------------------------------------------------------- callables

/** Why a link does not admit anyone (any more). */
/** `replaced`: the clinic issued the patient a new link (reissueInvite), so this one stopped working. */
export type InviteProblem = 'not-found' | 'revoked' | 'replaced' | 'cancelled' | 'finished' | 'left'

/** What the join page can say of a link: the server's problems, and a link cut short (seen before any lookup). */
export type JoinLinkProblem = InviteProblem | 'incomplete'

/** What a patient's page shows about the visit once the code is accepted (and before, for a valid link). */
export interface VisitSummary {
  practiceId: string
  appointmentId: string
  patientId: string
  practiceName: string
  practitionerName: string
  /** ISO instants. */
  start: string
  end: string
  joinOpensAt: string
  joinClosesAt: string
  mediaProvider: MediaProvider
  /** The practice's IANA time zone: the page says times as the reminders did. */
  timeZone: string
}

/** `checkInvite({ token })`: what the link's landing page shows before the code is typed. */
export type CheckInviteResult =
  | { state: 'ready'; practiceName: string; start: string; end: string; timeZone: string }
  | { state: 'locked'; lockedUntil: string; practiceName: string; start: string; end: string; timeZone: string }
  | { state: InviteProblem }

export interface RedeemInviteInput {
  token: string
  code: string
}

/** `redeemInvite`: a Firebase custom token with claims `{ patient: PatientClaims }`, and the visit. */
export interface RedeemInviteResult {
  customToken: string
  visit: VisitSummary & { timeZone: string }
}

/** Claims on a patient's custom token: exactly one appointment. */
export interface PatientClaims {
  practiceId: string
  appointmentId: string
  inviteId: string
  patientId: string
}

/**
 * `redeemInvite` errors carry `details` so the page can say what happened:
 * - `permission-denied` `{ reason: 'wrong-code', attemptsLeft }`
 * - `resource-exhausted` `{ reason: 'locked', lockedUntil }` (this invite) or `{ reason: 'rate-limited', retryAfter }` (this caller)
 * - `failed-precondition` / `not-found` `{ reason: InviteProblem }`
 */
export type RedeemInviteErrorDetails =
  | { reason: 'wrong-code'; attemptsLeft: number }
  | { reason: 'locked'; lockedUntil: string }
  | { reason: 'rate-limited'; retryAfter: string }
  | { reason: InviteProblem }

/** Input of startVisit, getMediaAccess, leaveVisit and endVisit. */
export interface VisitRef {
  practiceId: string
  appointmentId: string
}

/**
 * Why media access is asked for: `join` (the default) to enter the channel now, which for a patient is what billing
 * records; `prefetch` ahead of it while waiting inside the join window, which never counts as joining.
 */
export type MediaAccessPurpose = 'join' | 'prefetch'

/** Input of getMediaAccess. */
export interface GetMediaAccessInput extends VisitRef {
  purpose?: MediaAccessPurpose
}

/** `getMediaAccess`: how this participant joins the media channel; called again to renew before `expiresAt`. */
export type MediaAccess =
  | {
      provider: 'agora'
      appId: string
      channel: string
      /** Agora user account: the caller's Firebase uid, so media ids and participant ids are the same. */
      uid: string
      token: string
      expiresAt: string
      encryption: { mode: 'aes-256-gcm2'; key: string; salt: string }
    }
  | { provider: 'webrtc'; uid: string; expiresAt: string; iceServers: { urls: string | string[] }[] }

/** `startVisit`: the visit is live; a second Start (after a reload) returns the same `practitionerJoinedAt`. */
export interface StartVisitResult {
  status: 'live'
  mediaProvider: MediaProvider
  practitionerJoinedAt: string
  /** For the booked duration and the booked patients, as the console showed before Start. */
  creditsEstimate: VisitCredits
}

/** `leaveVisit`: the patient's End call; their link no longer admits them. */
export interface LeaveVisitResult {
  state: 'left'
}

/** `endVisit`: the same result every time it is called for an ended visit. */
export interface EndVisitResult {
  status: 'ended'
  endedAt: string
  endedBy: string
  /** From practitionerJoinedAt to endedAt, for the patients who joined. */
  creditsEstimate: VisitCredits
  /** What was charged to the practice's credits, once, when the visit ended. */
  creditsCharged: number
}

/** A patient's Firebase uid: one per invite, so a patient who rejoins with the same link is the same participant. */
export function patientUid(inviteId: string): string {
  return `patient-${inviteId}`
}

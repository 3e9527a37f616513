/**
 * The one interface the call window talks to for a phone call, whatever carries it: Twilio's Voice SDK in
 * production, a development line against the local Twilio (tests/support/fakeTwilio.ts) in development and tests —
 * as media has `MediaSession` with Agora and the WebRTC mesh. Both emit the same events; no component knows which
 * one runs, except for the "development phone" badge.
 */
import type { PhoneAccess } from '@domain/phoneNumbers'

/** What the call window shows. */
export type PhoneCallState = 'idle' | 'connecting' | 'ringing' | 'in-progress' | 'ended'

/** Why a call ended; each has a plain message in phoneMessages.ts. */
export type PhoneEndReason =
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'canceled'
  | 'refused'
  | 'microphone-blocked'
  | 'token'
  | 'signalling'
  | 'media'

/** The call window's parameters, passed through Twilio to the voice webhook, which re-checks every one. */
export interface PhoneConnectParams {
  practiceId: string
  fromNumber: string
  recipientKind: 'patient' | 'contact'
  recipientId: string
  onBehalfOf: string
  appointmentId?: string
}

export interface PhoneLineEvents {
  state: { state: PhoneCallState; callSid: string | null }
  ended: { reason: PhoneEndReason; message: string }
  /** A call quality warning the SDK raised (high-rtt, high-packet-loss, low-mos, …) or cleared. */
  quality: { warning: string; active: boolean }
}

/** getPhoneAccess's result (the shape is the functions' own, in domain/phoneNumbers.ts). */
export type PhoneAccessGrant = PhoneAccess

export interface PhoneLineOptions {
  access: PhoneAccessGrant
  /** Fetches a fresh grant (getPhoneAccess), before the token expires. */
  renewAccess: () => Promise<PhoneAccessGrant>
  /** Holds or resumes the callee (holdCall): hold is a property of the callee's conference participant. */
  setHold: (callSid: string, hold: boolean) => Promise<void>
}

export interface PhoneLine {
  readonly kind: 'twilio' | 'development'
  readonly state: PhoneCallState
  readonly callSid: string | null
  /** Places the call; call on a click (browsers start audio only after a user gesture). */
  connect(params: PhoneConnectParams): Promise<void>
  hold(): Promise<void>
  resume(): Promise<void>
  setMuted(muted: boolean): void
  hangUp(): void
  /** Microphones and speakers the line can use ('' ids mean the system default). */
  devices(): Promise<{ inputs: MediaDeviceInfo[]; outputs: MediaDeviceInfo[] }>
  setInputDevice(deviceId: string): Promise<void>
  setOutputDevice(deviceId: string): Promise<void>
  on<K extends keyof PhoneLineEvents>(event: K, handler: (payload: PhoneLineEvents[K]) => void): () => void
  /** Releases the line (timers, the SDK's Device). Idempotent. */
  destroy(): void
}

/** Renew the token this long before it expires, in case `tokenWillExpire` never comes (a sleeping tab). */
export const TOKEN_RENEW_MARGIN_SECONDS = 60

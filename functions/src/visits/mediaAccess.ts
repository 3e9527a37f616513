import { createHmac } from 'node:crypto'
import type { MediaAccess, MediaProvider, VisitRef } from '../domain/visit'
import { buildAgoraRtcToken } from './agoraToken'
import type { MediaKeyDoc } from './visitStore'

/** How long one grant of media access lasts at most; clients call `getMediaAccess` again before it runs out. */
export const MEDIA_ACCESS_TTL_MS = 60 * 60_000

/** Agora settings as plain values, so the choice below is testable without the emulator or deployed params. */
export interface MediaConfig {
  /** Empty: no Agora project configured (development, tests): the WebRTC mesh instead. */
  agoraAppId: string
  agoraAppCertificate: string
}

/** Agora when an App ID is configured, the development WebRTC mesh otherwise. */
export function mediaProviderFor(config: Pick<MediaConfig, 'agoraAppId'>): MediaProvider {
  return config.agoraAppId ? 'agora' : 'webrtc'
}

/** Access ends after an hour or when the join window closes, whichever is first, so no token outlives the visit. */
export function mediaAccessExpiry(now: Date, closesAt: Date): Date {
  return new Date(Math.min(now.getTime() + MEDIA_ACCESS_TTL_MS, closesAt.getTime()))
}

/**
 * The Agora channel of a visit: stable for the visit, but keyed with the App Certificate, so knowing a practice
 * and appointment id is not enough to find the channel, and it carries no patient data. 42 characters of
 * Agora's allowed channel alphabet (the limit is 64 bytes).
 */
export function visitChannelName(appCertificate: string, ref: VisitRef): string {
  const digest = createHmac('sha256', appCertificate).update(`visit:${ref.practiceId}/${ref.appointmentId}`).digest('hex')
  return `v_${digest.slice(0, 40)}`
}

export interface MediaAccessInput {
  config: MediaConfig
  ref: VisitRef
  /** The caller's Firebase uid: also their media id, so presence and media tiles line up. */
  uid: string
  now: Date
  /** When the join window closes (the booked end plus the overrun allowance). */
  closesAt: Date
  /** The visit's private media key; required for Agora. */
  mediaKey: MediaKeyDoc | null
}

/**
 * What a participant needs to join the visit's media: an Agora token and the visit's encryption key when Agora
 * is configured, or the development WebRTC mesh (signalling through Firestore) when it is not.
 */
export function chooseMediaAccess(input: MediaAccessInput): MediaAccess {
  const expiresAt = mediaAccessExpiry(input.now, input.closesAt)
  if (mediaProviderFor(input.config) === 'webrtc') {
    // Local development and tests run on one machine: host candidates connect without STUN or TURN.
    return { provider: 'webrtc', uid: input.uid, expiresAt: expiresAt.toISOString(), iceServers: [] }
  }
  if (!input.mediaKey) throw new Error('The visit has no media key: it was not started or has ended.')
  const channel = visitChannelName(input.config.agoraAppCertificate, input.ref)
  const token = buildAgoraRtcToken({
    appId: input.config.agoraAppId,
    appCertificate: input.config.agoraAppCertificate,
    channel,
    account: input.uid,
    expiresInSeconds: (expiresAt.getTime() - input.now.getTime()) / 1000,
  })
  return {
    provider: 'agora',
    appId: input.config.agoraAppId,
    channel,
    uid: input.uid,
    token,
    expiresAt: expiresAt.toISOString(),
    encryption: { mode: 'aes-256-gcm2', key: input.mediaKey.key, salt: input.mediaKey.salt },
  }
}

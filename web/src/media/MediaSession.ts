/**
 * The one interface the visit UI talks to for media, whatever carries it: Agora in production, a WebRTC mesh
 * signalled through Firestore in local development and tests. Both implementations emit the same events, so no
 * component knows which one runs.
 *
 * Ownership: local tracks (getUserMedia / getDisplayMedia) belong to the caller; a session only publishes them and
 * never stops them. Mute and camera indicators come from the Firestore participant docs, not from the session.
 */
import type { Firestore } from 'firebase/firestore'
import type { ConnectionState, NetworkQuality } from '@domain/connectionStrength'
import type { MediaAccess, MediaProvider } from '@domain/visit'

/** One remote participant's current tracks; `participantId` is their Firebase uid (= participant doc id). */
export interface RemoteMedia {
  participantId: string
  audio: MediaStreamTrack | null
  video: MediaStreamTrack | null
}

/** How loud one remote participant is now, on the meters' 0..1 scale (`@/visit/audioLevel`). */
export interface AudioLevel {
  participantId: string
  level: number
}

export interface MediaSessionEvents {
  /** connecting → connected; reconnecting while the network is away; disconnected after leave (or a fatal drop). */
  'connection-state': ConnectionState
  /** The local side's network quality on Agora's scale, about every 2 s. */
  'network-quality': { uplink: NetworkQuality; downlink: NetworkQuality }
  /** A participant's tracks changed (joined, published, unpublished). */
  'remote-media': RemoteMedia
  'participant-left': { participantId: string }
  /**
   * The remote participants' loudness, for marking who is speaking: a few times a second on the mesh, every 2 s on
   * Agora (its volume indicator). Only participants with audio; never the local side (the caller has its track).
   */
  'audio-levels': AudioLevel[]
}

export interface MediaSession {
  readonly provider: MediaProvider
  /** The caller's Firebase uid (= participant doc id). */
  readonly selfId: string
  readonly connectionState: ConnectionState
  /**
   * Before the join, while waiting: opens what can be opened without being in the visit (the mesh's presence and
   * signal listeners; Agora's client is made by the constructor). Publishes nothing, connects to no one.
   */
  prepare(): void
  join(): Promise<void>
  /** Idempotent; stops nothing the caller owns (tracks belong to the caller). */
  leave(): Promise<void>
  /** Replaces whatever video is published (switching camera = call again). */
  publishCamera(track: MediaStreamTrack): Promise<void>
  /** The screen instead of the camera: the same video slot. */
  publishScreen(track: MediaStreamTrack): Promise<void>
  /** Replaces the audio track (switching microphone = call again). */
  publishMicrophone(track: MediaStreamTrack): Promise<void>
  unpublishVideo(): Promise<void>
  setMicrophoneMuted(muted: boolean): Promise<void>
  /** Camera off (or on again) without unpublishing. */
  setVideoMuted(muted: boolean): Promise<void>
  remoteMedia(): RemoteMedia[]
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof MediaSessionEvents>(event: K, handler: (payload: MediaSessionEvents[K]) => void): () => void
}

export interface MediaSessionOptions {
  /** From the getMediaAccess callable. */
  access: MediaAccess
  /** Called before `access.expiresAt` (Agora: on token-privilege-will-expire). */
  renewAccess: () => Promise<MediaAccess>
  /** The signed-in app's Firestore (WebRTC signalling and peer discovery). */
  firestore: Firestore
  practiceId: string
  appointmentId: string
}

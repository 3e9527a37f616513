/**
 * MediaSession on Agora (`agora-rtc-sdk-ng`): the production media backend. Only createMediaSession imports this
 * module, dynamically, so the SDK (about 1.5 MB) is downloaded only by participants of an Agora visit.
 *
 * Local tracks belong to the caller, but closing an Agora local track stops the MediaStreamTrack it wraps. So the
 * session wraps a clone of each track it is given: closing the wrapper (on a switch, unpublish or leave) stops the
 * clone and never the caller's track, and the camera or microphone stays on for the caller's preview.
 */
import AgoraRTC from 'agora-rtc-sdk-ng'
import type {
  ConnectionState as AgoraConnectionState,
  IAgoraRTCClient,
  IAgoraRTCRemoteUser,
  ILocalAudioTrack,
  ILocalVideoTrack,
  NetworkQuality as AgoraNetworkQuality,
  UID,
} from 'agora-rtc-sdk-ng'
import type { ConnectionState, NetworkQuality } from '@domain/connectionStrength'
import type { MediaAccess } from '@domain/visit'
import type { MediaSession, MediaSessionOptions, RemoteMedia } from '../MediaSession'
import { MediaSessionCore } from '../MediaSessionCore'
import { SPEAKING_LEVEL } from '@/visit/activeSpeaker'

type AgoraAccess = Extract<MediaAccess, { provider: 'agora' }>

// Errors only in the console, and nothing uploaded to Agora's log servers (upload is off by default; this makes
// sure a later default cannot turn it on behind our back).
AgoraRTC.setLogLevel(3)
AgoraRTC.disableLogUpload()

/** Agora's connection states on ours: DISCONNECTING is already gone as far as the visit is concerned. */
export function connectionStateFromAgora(state: AgoraConnectionState): ConnectionState {
  switch (state) {
    case 'CONNECTING':
      return 'connecting'
    case 'CONNECTED':
      return 'connected'
    case 'RECONNECTING':
      return 'reconnecting'
    default:
      return 'disconnected'
  }
}

/** Agora's volume at which, its documentation says, a user is usually speaking. */
const AGORA_SPEAKING_VOLUME = 60

/**
 * Agora's volume (0–100) on the meters' 0..1 scale, piecewise linear so that Agora's "speaking" volume lands on
 * the level at which the stage marks a speaker (SPEAKING_LEVEL), as the mesh's levels do.
 */
export function levelFromAgoraVolume(volume: number): number {
  const v = Math.min(100, Math.max(0, volume))
  if (v <= AGORA_SPEAKING_VOLUME) return (v / AGORA_SPEAKING_VOLUME) * SPEAKING_LEVEL
  return SPEAKING_LEVEL + ((v - AGORA_SPEAKING_VOLUME) / (100 - AGORA_SPEAKING_VOLUME)) * (1 - SPEAKING_LEVEL)
}

/** The salt arrives base64-encoded; Agora wants the 32 raw bytes. */
export function saltBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

export class AgoraMediaSession extends MediaSessionCore implements MediaSession {
  readonly provider = 'agora' as const
  readonly selfId: string

  private readonly client: IAgoraRTCClient
  private access: AgoraAccess
  private joined = false
  private left = false

  private audioTrack: ILocalAudioTrack | null = null
  private videoTrack: ILocalVideoTrack | null = null
  private audioMuted = false
  private videoMuted = false

  constructor(private readonly options: MediaSessionOptions) {
    super()
    if (options.access.provider !== 'agora') throw new Error('AgoraMediaSession needs Agora media access.')
    this.access = options.access
    this.selfId = options.access.uid
    this.client = AgoraRTC.createClient({ mode: 'rtc', codec: 'vp8' })
    this.listen()
    // Every 2 s, the volume of everyone in the channel (the 'volume-indicator' event below): who is speaking.
    this.client.enableAudioVolumeIndicator()
  }

  /** The client exists from the constructor, which is all that can be ready before the join without being in it. */
  prepare(): void {}

  async join(): Promise<void> {
    if (this.joined || this.left) return
    await this.connect()
  }

  async leave(): Promise<void> {
    if (this.left) return
    this.left = true
    const published = [this.audioTrack, this.videoTrack].filter((track) => track !== null)
    if (this.joined && published.length > 0) await this.client.unpublish(published).catch(warn('unpublish'))
    this.audioTrack?.close()
    this.videoTrack?.close()
    this.audioTrack = this.videoTrack = null
    await this.client.leave().catch(warn('leave'))
    this.joined = false
    this.client.removeAllListeners()
    this.closeSession()
  }

  publishCamera(track: MediaStreamTrack): Promise<void> {
    return this.publishVideo(track)
  }

  publishScreen(track: MediaStreamTrack): Promise<void> {
    return this.publishVideo(track)
  }

  async publishMicrophone(track: MediaStreamTrack): Promise<void> {
    if (this.left) return
    // Audio tracks cannot swap their source in place: publish the new one first (Agora mixes published audio
    // tracks), then drop the old one, so the others never hear a gap.
    const previous = this.audioTrack
    const next = AgoraRTC.createCustomAudioTrack({ mediaStreamTrack: track.clone() })
    if (this.audioMuted) await next.setMuted(true)
    this.audioTrack = next
    if (this.joined) await this.client.publish(next)
    if (previous) await this.retire(previous)
  }

  async unpublishVideo(): Promise<void> {
    const previous = this.videoTrack
    this.videoTrack = null
    if (previous) await this.retire(previous)
  }

  async setMicrophoneMuted(muted: boolean): Promise<void> {
    this.audioMuted = muted
    if (this.audioTrack && this.audioTrack.muted !== muted) await this.audioTrack.setMuted(muted)
  }

  async setVideoMuted(muted: boolean): Promise<void> {
    this.videoMuted = muted
    if (this.videoTrack && this.videoTrack.muted !== muted) await this.videoTrack.setMuted(muted)
  }

  // ------------------------------------------------------------------ internals

  /** Joins with the current access (again after a token expired) and publishes what the caller handed us. */
  private async connect(): Promise<void> {
    const { appId, channel, token, uid, encryption } = this.access
    // Encryption must be configured before join, or the first packets would go out in the clear.
    this.client.setEncryptionConfig(encryption.mode, encryption.key, saltBytes(encryption.salt))
    await this.client.join(appId, channel, token, uid)
    this.joined = true
    if (this.left) {
      // leave() ran while we were joining: it could not leave a channel we were not in yet.
      await this.client.leave().catch(warn('leave'))
      return
    }
    const tracks = [this.audioTrack, this.videoTrack].filter((track) => track !== null)
    if (tracks.length > 0) await this.client.publish(tracks)
  }

  private async publishVideo(track: MediaStreamTrack): Promise<void> {
    if (this.left) return
    const current = this.videoTrack
    if (current) {
      // One video slot: swap the source in place, so the others see no unpublish/publish flicker. `true` stops
      // the previous clone (ours), never the caller's track.
      await current.replaceTrack(track.clone(), true)
      return
    }
    const next = AgoraRTC.createCustomVideoTrack({ mediaStreamTrack: track.clone() })
    if (this.videoMuted) await next.setMuted(true)
    this.videoTrack = next
    if (this.joined) await this.client.publish(next)
  }

  /** Unpublishes (when joined) and closes one of our wrappers, which stops only our clone. */
  private async retire(track: ILocalAudioTrack | ILocalVideoTrack): Promise<void> {
    if (this.joined) await this.client.unpublish(track).catch(warn('unpublish'))
    track.close()
  }

  private listen(): void {
    const client = this.client
    client.on('connection-state-change', (current: AgoraConnectionState) => {
      if (!this.left) this.setState(connectionStateFromAgora(current))
    })
    client.on('network-quality', (stats: AgoraNetworkQuality) => {
      this.events.emit('network-quality', {
        uplink: stats.uplinkNetworkQuality as NetworkQuality,
        downlink: stats.downlinkNetworkQuality as NetworkQuality,
      })
    })
    client.on('volume-indicator', (volumes: { uid: UID; level: number }[]) => {
      if (this.left) return
      this.events.emit(
        'audio-levels',
        volumes
          .filter((volume) => String(volume.uid) !== this.selfId)
          .map((volume) => ({ participantId: String(volume.uid), level: levelFromAgoraVolume(volume.level) })),
      )
    })
    client.on('user-joined', (user: IAgoraRTCRemoteUser) => this.updateRemote(user))
    client.on('user-published', (user: IAgoraRTCRemoteUser, mediaType: 'audio' | 'video' | 'datachannel') => {
      if (mediaType === 'datachannel') return
      client
        .subscribe(user, mediaType)
        .then(() => this.updateRemote(user))
        .catch(warn(`subscribe to ${mediaType} of ${String(user.uid)}`))
    })
    client.on('user-unpublished', (user: IAgoraRTCRemoteUser, mediaType: 'audio' | 'video' | 'datachannel') => {
      if (mediaType === 'datachannel') return
      this.updateRemote(user, mediaType)
    })
    client.on('user-left', (user: IAgoraRTCRemoteUser) => {
      const participantId = String(user.uid)
      if (this.remote.delete(participantId)) this.events.emit('participant-left', { participantId })
    })
    client.on('token-privilege-will-expire', () => {
      this.renew()
        .then((token) => client.renewToken(token))
        .catch(warn('renew the media token'))
    })
    // Missed the renewal (a sleeping laptop): Agora has dropped us, so join again with fresh access.
    client.on('token-privilege-did-expire', () => {
      this.joined = false
      this.renew()
        .then(() => (this.left ? undefined : this.connect()))
        .catch(warn('rejoin after the media token expired'))
    })
  }

  private async renew(): Promise<string> {
    const access = await this.options.renewAccess()
    if (access.provider !== 'agora') throw new Error('The media provider of this visit changed; rejoin the visit.')
    this.access = access
    return access.token
  }

  /** Records a remote user's tracks (minus one that was just unpublished) and tells the UI. */
  private updateRemote(user: IAgoraRTCRemoteUser, unpublished?: 'audio' | 'video'): void {
    if (this.left) return
    const media: RemoteMedia = {
      participantId: String(user.uid),
      audio: unpublished !== 'audio' && user.hasAudio && user.audioTrack ? user.audioTrack.getMediaStreamTrack() : null,
      video: unpublished !== 'video' && user.hasVideo && user.videoTrack ? user.videoTrack.getMediaStreamTrack() : null,
    }
    this.emitRemote(media)
  }

}

const warn = (what: string) => (err: unknown) => console.warn(`Agora: could not ${what}`, err)

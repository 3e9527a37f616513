import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { MediaAccess } from '../../functions/src/domain/visit'
import type { MediaSession, MediaSessionEvents } from '../../web/src/media/MediaSession'
import { SPEAKING_LEVEL } from '../../web/src/visit/activeSpeaker'

/**
 * The Agora SDK, mocked (unit tests only): a fake client that records every call in one log, so the order of
 * calls (encryption before join) is visible, and that lets a test fire the SDK's events.
 */
const sdk = vi.hoisted(() => {
  const log: string[] = []

  class FakeLocalTrack {
    muted = false
    closed = false
    constructor(public mediaStreamTrack: { stop(): void }) {}
    setMuted = vi.fn(async (muted: boolean) => {
      log.push(`setMuted(${muted})`)
      this.muted = muted
    })
    replaceTrack = vi.fn(async (track: { stop(): void }, stopOld: boolean) => {
      if (stopOld) this.mediaStreamTrack.stop()
      this.mediaStreamTrack = track
    })
    // Like the real SDK: closing a local track stops the MediaStreamTrack it wraps.
    close = vi.fn(() => {
      this.closed = true
      this.mediaStreamTrack.stop()
    })
  }

  class FakeClient {
    handlers = new Map<string, (...args: unknown[]) => unknown>()
    on = vi.fn((event: string, handler: (...args: unknown[]) => unknown) => void this.handlers.set(event, handler))
    removeAllListeners = vi.fn(() => this.handlers.clear())
    setEncryptionConfig = vi.fn((mode: string) => void log.push(`setEncryptionConfig(${mode})`))
    join = vi.fn(async (_appId: string, _channel: string, _token: string, uid: string) => {
      log.push('join')
      return uid
    })
    leave = vi.fn(async () => void log.push('leave'))
    publish = vi.fn(async (tracks: unknown) => void log.push(`publish(${[tracks].flat().length})`))
    unpublish = vi.fn(async (tracks?: unknown) => void log.push(`unpublish(${tracks === undefined ? 'all' : [tracks].flat().length})`))
    subscribe = vi.fn(async () => {})
    renewToken = vi.fn(async () => {})
    enableAudioVolumeIndicator = vi.fn()
    /** Fires an SDK event as Agora would. */
    fire(event: string, ...args: unknown[]) {
      return this.handlers.get(event)?.(...args)
    }
  }

  const clients: FakeClient[] = []
  const agora = {
    setLogLevel: vi.fn(),
    disableLogUpload: vi.fn(),
    createClient: vi.fn(() => {
      const client = new FakeClient()
      clients.push(client)
      return client
    }),
    createCustomVideoTrack: vi.fn((config: { mediaStreamTrack: { stop(): void } }) => new FakeLocalTrack(config.mediaStreamTrack)),
    createCustomAudioTrack: vi.fn((config: { mediaStreamTrack: { stop(): void } }) => new FakeLocalTrack(config.mediaStreamTrack)),
  }
  return { log, agora, clients, FakeLocalTrack }
})

vi.mock('agora-rtc-sdk-ng', () => ({ default: sdk.agora }))

const { AgoraMediaSession, connectionStateFromAgora, levelFromAgoraVolume } = await import('../../web/src/media/agora/AgoraMediaSession')

const SALT = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1)
const access = (token = 'token-1'): MediaAccess => ({
  provider: 'agora',
  appId: 'app-id-123',
  channel: 'practice-1_appointment-1',
  uid: 'patient-invite-1',
  token,
  expiresAt: '2030-01-01T00:00:00.000Z',
  encryption: { mode: 'aes-256-gcm2', key: 'a'.repeat(64), salt: Buffer.from(SALT).toString('base64') },
})

/** A MediaStreamTrack as the caller owns it; `clone()` hands out a separate track, like the browser. */
function callerTrack(kind: 'audio' | 'video', id: string = kind) {
  const make = (trackId: string): MediaStreamTrack =>
    ({ kind, id: trackId, stop: vi.fn(), clone: vi.fn(() => make(`${trackId}-clone`)) }) as unknown as MediaStreamTrack
  return make(id)
}

function remoteUser(uid: string, tracks: { audio?: string; video?: string }) {
  const remoteTrack = (id: string) => ({ getMediaStreamTrack: () => ({ id }) as MediaStreamTrack })
  return {
    uid,
    hasAudio: Boolean(tracks.audio),
    hasVideo: Boolean(tracks.video),
    audioTrack: tracks.audio ? remoteTrack(tracks.audio) : undefined,
    videoTrack: tracks.video ? remoteTrack(tracks.video) : undefined,
  }
}

function createSession(renewAccess = vi.fn(async () => access('token-2'))) {
  const session = new AgoraMediaSession({
    access: access(),
    renewAccess,
    firestore: {} as never,
    practiceId: 'practice-1',
    appointmentId: 'appointment-1',
  })
  const client = sdk.clients.at(-1)!
  return { session, client, renewAccess }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

/** Every payload `session` emits as `event` from now on, in order. */
function recordEvents<K extends keyof MediaSessionEvents>(session: MediaSession, event: K): MediaSessionEvents[K][] {
  const payloads: MediaSessionEvents[K][] = []
  session.on(event, (payload) => payloads.push(payload))
  return payloads
}

beforeEach(() => {
  sdk.log.length = 0
  sdk.clients.length = 0
  sdk.agora.createClient.mockClear()
  sdk.agora.createCustomAudioTrack.mockClear()
  sdk.agora.createCustomVideoTrack.mockClear()
})

describe('Agora media session: joining', () => {
  it('keeps Agora quiet: errors only in the console, no log upload', () => {
    expect(sdk.agora.setLogLevel).toHaveBeenCalledWith(3)
    expect(sdk.agora.disableLogUpload).toHaveBeenCalled()
  })

  it('creates an rtc-mode vp8 client and reports the caller’s uid as selfId', () => {
    const { session } = createSession()
    expect(sdk.agora.createClient).toHaveBeenCalledWith({ mode: 'rtc', codec: 'vp8' })
    expect(session.provider).toBe('agora')
    expect(session.selfId).toBe('patient-invite-1')
    expect(session.connectionState).toBe('connecting')
  })

  it('configures aes-256-gcm2 encryption with the visit key and the decoded salt bytes before joining', async () => {
    const { session, client } = createSession()
    await session.join()
    expect(client.setEncryptionConfig).toHaveBeenCalledTimes(1)
    const [mode, key, salt] = client.setEncryptionConfig.mock.calls[0] as unknown as [string, string, Uint8Array]
    expect(mode).toBe('aes-256-gcm2')
    expect(key).toBe('a'.repeat(64))
    expect(salt).toBeInstanceOf(Uint8Array)
    expect([...salt]).toEqual([...SALT])
    expect(sdk.log.slice(0, 2)).toEqual(['setEncryptionConfig(aes-256-gcm2)', 'join'])
  })

  it('joins with the app id, the channel, the token and the string user account', async () => {
    const { session, client } = createSession()
    await session.join()
    expect(client.join).toHaveBeenCalledWith('app-id-123', 'practice-1_appointment-1', 'token-1', 'patient-invite-1')
  })

  it('publishes tracks handed over before join once joined', async () => {
    const { session, client } = createSession()
    await session.publishMicrophone(callerTrack('audio'))
    await session.publishCamera(callerTrack('video'))
    expect(client.publish).not.toHaveBeenCalled()
    await session.join()
    expect(sdk.log.slice(-2)).toEqual(['join', 'publish(2)'])
  })
})

describe('Agora media session: remote participants', () => {
  it('subscribes when a remote user publishes and emits remote-media with the track', async () => {
    const { session, client } = createSession()
    const events = recordEvents(session, 'remote-media')
    await session.join()
    const user = remoteUser('practitioner-1', { video: 'remote-video' })
    client.fire('user-published', user, 'video')
    await flush()
    expect(client.subscribe).toHaveBeenCalledWith(user, 'video')
    expect(events).toEqual([{ participantId: 'practitioner-1', audio: null, video: { id: 'remote-video' } }])
    expect(session.remoteMedia()).toEqual(events)
  })

  it('drops a track on user-unpublished and the participant on user-left', async () => {
    const { session, client } = createSession()
    const media = recordEvents(session, 'remote-media')
    const left = recordEvents(session, 'participant-left')
    await session.join()
    const user = remoteUser('practitioner-1', { audio: 'remote-audio', video: 'remote-video' })
    client.fire('user-published', user, 'audio')
    await flush()
    client.fire('user-unpublished', user, 'video')
    expect(media.at(-1)).toEqual({ participantId: 'practitioner-1', audio: { id: 'remote-audio' }, video: null })
    client.fire('user-left', user, 'Quit')
    expect(left).toEqual([{ participantId: 'practitioner-1' }])
    expect(session.remoteMedia()).toEqual([])
  })
})

describe('Agora media session: network quality and connection state', () => {
  it('passes uplink and downlink network quality on unchanged (same 0–6 scale)', async () => {
    const { session, client } = createSession()
    const qualities = recordEvents(session, 'network-quality')
    client.fire('network-quality', { uplinkNetworkQuality: 1, downlinkNetworkQuality: 4 })
    client.fire('network-quality', { uplinkNetworkQuality: 6, downlinkNetworkQuality: 0 })
    expect(qualities).toEqual([
      { uplink: 1, downlink: 4 },
      { uplink: 6, downlink: 0 },
    ])
  })

  it('maps Agora’s connection states onto ours', () => {
    expect(connectionStateFromAgora('CONNECTING')).toBe('connecting')
    expect(connectionStateFromAgora('CONNECTED')).toBe('connected')
    expect(connectionStateFromAgora('RECONNECTING')).toBe('reconnecting')
    expect(connectionStateFromAgora('DISCONNECTING')).toBe('disconnected')
    expect(connectionStateFromAgora('DISCONNECTED')).toBe('disconnected')
  })

  it('emits connection-state as the client’s state changes, once per change', async () => {
    const { session, client } = createSession()
    const states = recordEvents(session, 'connection-state')
    client.fire('connection-state-change', 'CONNECTING', 'DISCONNECTED')
    client.fire('connection-state-change', 'CONNECTED', 'CONNECTING')
    client.fire('connection-state-change', 'RECONNECTING', 'CONNECTED')
    client.fire('connection-state-change', 'CONNECTED', 'RECONNECTING')
    expect(states).toEqual(['connected', 'reconnecting', 'connected'])
    expect(session.connectionState).toBe('connected')
  })
})

describe('Agora media session: who is speaking', () => {
  it('turns the volume indicator on, and passes the remote volumes on (not our own) on the meters’ scale', () => {
    const { session, client } = createSession()
    expect(client.enableAudioVolumeIndicator).toHaveBeenCalledOnce()
    const levels = recordEvents(session, 'audio-levels')
    client.fire('volume-indicator', [
      { uid: 'patient-invite-1', level: 80 },
      { uid: 'practitioner-1', level: 60 },
      { uid: 'patient-invite-2', level: 0 },
    ])
    expect(levels).toEqual([
      [
        { participantId: 'practitioner-1', level: SPEAKING_LEVEL },
        { participantId: 'patient-invite-2', level: 0 },
      ],
    ])
  })

  it('puts Agora’s "speaking" volume (60) on the speaking level, 100 at full, nothing outside 0–1', () => {
    expect(levelFromAgoraVolume(30)).toBeCloseTo(SPEAKING_LEVEL / 2)
    expect(levelFromAgoraVolume(60)).toBe(SPEAKING_LEVEL)
    expect(levelFromAgoraVolume(100)).toBe(1)
    expect(levelFromAgoraVolume(150)).toBe(1)
    expect(levelFromAgoraVolume(-3)).toBe(0)
  })
})

describe('Agora media session: token renewal', () => {
  it('renews access on token-privilege-will-expire and hands the new token to the client', async () => {
    const { session, client, renewAccess } = createSession()
    await session.join()
    client.fire('token-privilege-will-expire')
    await flush()
    expect(renewAccess).toHaveBeenCalledTimes(1)
    expect(client.renewToken).toHaveBeenCalledWith('token-2')
  })

  it('joins again with fresh access when the token expired anyway, and republishes', async () => {
    const { session, client } = createSession()
    await session.publishCamera(callerTrack('video'))
    await session.join()
    client.fire('token-privilege-did-expire')
    await flush()
    expect(client.join).toHaveBeenLastCalledWith('app-id-123', 'practice-1_appointment-1', 'token-2', 'patient-invite-1')
    expect(sdk.log.slice(-3)).toEqual(['setEncryptionConfig(aes-256-gcm2)', 'join', 'publish(1)'])
  })
})

describe('Agora media session: publishing the caller’s tracks', () => {
  it('publishes a clone, so closing Agora’s track never stops the caller’s', async () => {
    const { session } = createSession()
    await session.join()
    const camera = callerTrack('video')
    await session.publishCamera(camera)
    await session.unpublishVideo()
    const wrapper = sdk.agora.createCustomVideoTrack.mock.results[0]!.value as InstanceType<typeof sdk.FakeLocalTrack>
    expect(camera.clone).toHaveBeenCalled()
    expect(wrapper.close).toHaveBeenCalled()
    expect(camera.stop).not.toHaveBeenCalled()
  })

  it('switches camera, or camera to screen, in place: one video track, no unpublish', async () => {
    const { session, client } = createSession()
    await session.join()
    await session.publishCamera(callerTrack('video', 'camera'))
    await session.publishScreen(callerTrack('video', 'screen'))
    expect(sdk.agora.createCustomVideoTrack).toHaveBeenCalledTimes(1)
    const wrapper = sdk.agora.createCustomVideoTrack.mock.results[0]!.value as InstanceType<typeof sdk.FakeLocalTrack>
    expect(wrapper.replaceTrack).toHaveBeenCalledWith(expect.objectContaining({ id: 'screen-clone' }), true)
    expect(client.unpublish).not.toHaveBeenCalled()
  })

  it('switches microphone by publishing the new track before dropping the old one', async () => {
    const { session } = createSession()
    await session.join()
    await session.publishMicrophone(callerTrack('audio', 'mic-1'))
    await session.publishMicrophone(callerTrack('audio', 'mic-2'))
    expect(sdk.log.slice(-3)).toEqual(['publish(1)', 'publish(1)', 'unpublish(1)'])
  })

  it('mutes the published tracks, and tracks published while muted start muted', async () => {
    const { session } = createSession()
    await session.join()
    await session.publishMicrophone(callerTrack('audio'))
    await session.setMicrophoneMuted(true)
    const mic = sdk.agora.createCustomAudioTrack.mock.results[0]!.value as InstanceType<typeof sdk.FakeLocalTrack>
    expect(mic.muted).toBe(true)
    await session.setVideoMuted(true)
    await session.publishCamera(callerTrack('video'))
    const camera = sdk.agora.createCustomVideoTrack.mock.results[0]!.value as InstanceType<typeof sdk.FakeLocalTrack>
    expect(camera.muted).toBe(true)
    expect(sdk.log.slice(-2)).toEqual(['setMuted(true)', 'publish(1)'])
  })
})

describe('Agora media session: leaving', () => {
  it('unpublishes, leaves the channel and reports disconnected; a second leave does nothing', async () => {
    const { session, client } = createSession()
    const states = recordEvents(session, 'connection-state')
    await session.join()
    const camera = callerTrack('video')
    const mic = callerTrack('audio')
    await session.publishCamera(camera)
    await session.publishMicrophone(mic)
    await session.leave()
    expect(sdk.log.slice(-2)).toEqual(['unpublish(2)', 'leave'])
    expect(states).toEqual(['disconnected'])
    expect(session.connectionState).toBe('disconnected')
    expect(camera.stop).not.toHaveBeenCalled()
    expect(mic.stop).not.toHaveBeenCalled()
    await session.leave()
    expect(client.leave).toHaveBeenCalledTimes(1)
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import type { MediaAccess } from '../../functions/src/domain/visit'
import type { VisitBackend } from '../../web/src/firebase/visitBackend'
import type { MediaSession, MediaSessionEvents } from '../../web/src/media/MediaSession'

/**
 * useVisitCall publishes what the visit sends: a recording fake MediaSession stands in for Agora and the mesh, so a
 * visit where the microphone is never published (nobody hears anybody) fails here by name, not only in the browser.
 */
const recorded = vi.hoisted(() => ({ calls: [] as string[] }))

vi.mock('@/media/createMediaSession', () => ({
  createMediaSession: async (): Promise<MediaSession> => {
    const log = (entry: string) => void recorded.calls.push(entry)
    return {
      provider: 'webrtc',
      selfId: 'me',
      connectionState: 'connected',
      prepare: () => log('prepare'),
      join: async () => log('join'),
      leave: async () => log('leave'),
      publishCamera: async (track) => log(`publishCamera(${track.id})`),
      publishScreen: async (track) => log(`publishScreen(${track.id})`),
      publishMicrophone: async (track) => log(`publishMicrophone(${track.id})`),
      unpublishVideo: async () => log('unpublishVideo'),
      setMicrophoneMuted: async (muted) => log(`setMicrophoneMuted(${muted})`),
      setVideoMuted: async (muted) => log(`setVideoMuted(${muted})`),
      remoteMedia: () => [],
      on: <K extends keyof MediaSessionEvents>(_event: K, _handler: (payload: MediaSessionEvents[K]) => void) => () => {},
    }
  },
}))

const { useVisitCall } = await import('../../web/src/composables/useVisitCall')

const track = (id: string, kind: 'audio' | 'video') => ({ id, kind }) as MediaStreamTrack
const access: MediaAccess = { provider: 'webrtc', uid: 'me', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), iceServers: [] }
const backend = { uid: 'me', firestore: {}, call: async () => access, signOut: async () => {} } as unknown as VisitBackend

/** Lets the watchers' publish calls (promises started in watch callbacks) settle. */
const settle = async () => {
  await nextTick()
  await new Promise((r) => setTimeout(r, 0))
}

function visitWith() {
  const local = {
    videoTrack: shallowRef<MediaStreamTrack | null>(track('camera-1', 'video')),
    videoSource: shallowRef<'camera' | 'screen'>('camera'),
    audioTrack: shallowRef<MediaStreamTrack | null>(track('mic-1', 'audio')),
    cameraOff: shallowRef(false),
    microphoneMuted: shallowRef(false),
  }
  const scope = effectScope()
  const call = scope.run(() => useVisitCall({ backend, visit: { practiceId: 'p', appointmentId: 'a' }, local }))!
  return { local, call, scope }
}

beforeEach(() => {
  recorded.calls.length = 0
  // useOnline reads the browser's online flag; the unit project runs in Node.
  vi.stubGlobal('navigator', { onLine: true })
  vi.stubGlobal('window', new EventTarget())
})
afterEach(() => void vi.unstubAllGlobals())

describe('useVisitCall publishing', () => {
  it('joins, then publishes the camera and the microphone, unmuted', async () => {
    const { call, scope } = visitWith()
    await call.join()
    expect(recorded.calls).toEqual(['join', 'publishCamera(camera-1)', 'setVideoMuted(false)', 'publishMicrophone(mic-1)', 'setMicrophoneMuted(false)'])
    scope.stop()
  })

  it('republishes when the microphone or camera changes, and follows mute and camera off', async () => {
    const { local, call, scope } = visitWith()
    await call.join()
    recorded.calls.length = 0

    local.audioTrack.value = track('mic-2', 'audio')
    await settle()
    expect(recorded.calls).toEqual(['publishMicrophone(mic-2)', 'setMicrophoneMuted(false)'])

    recorded.calls.length = 0
    local.videoTrack.value = track('camera-2', 'video')
    await settle()
    expect(recorded.calls).toEqual(['publishCamera(camera-2)', 'setVideoMuted(false)'])

    recorded.calls.length = 0
    local.videoTrack.value = track('screen-1', 'video')
    local.videoSource.value = 'screen'
    await settle()
    expect(recorded.calls).toEqual(['publishScreen(screen-1)', 'setVideoMuted(false)'])

    recorded.calls.length = 0
    local.microphoneMuted.value = true
    local.cameraOff.value = true
    await settle()
    expect(recorded.calls.sort()).toEqual(['setMicrophoneMuted(true)', 'setVideoMuted(true)'])
    scope.stop()
  })

  it('publishes nothing before joining', async () => {
    const { local, scope } = visitWith()
    local.audioTrack.value = track('mic-2', 'audio')
    await settle()
    expect(recorded.calls).toEqual([])
    scope.stop()
  })
})

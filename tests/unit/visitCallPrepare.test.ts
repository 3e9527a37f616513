import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import type { MediaAccess } from '../../functions/src/domain/visit'
import type { VisitBackend } from '../../web/src/firebase/visitBackend'
import type { MediaSession, MediaSessionEvents } from '../../web/src/media/MediaSession'

/**
 * useVisitCall's way to an instant Start: access prefetched and a session prepared while waiting (never a join),
 * no round trip between Start and the media join, the join confirmed alongside it, and the practitioner's join
 * beside startVisit. One ordered log of what the server was asked and what the fake media session did.
 */
const log = vi.hoisted(() => [] as string[])

vi.mock('@/media/createMediaSession', () => ({
  createMediaSession: async (): Promise<MediaSession> => ({
    provider: 'webrtc',
    selfId: 'me',
    connectionState: 'connected',
    prepare: () => void log.push('media.prepare'),
    join: async () => void log.push('media.join'),
    leave: async () => void log.push('media.leave'),
    publishCamera: async () => {},
    publishScreen: async () => {},
    publishMicrophone: async () => {},
    unpublishVideo: async () => {},
    setMicrophoneMuted: async () => {},
    setVideoMuted: async () => {},
    remoteMedia: () => [],
    on: <K extends keyof MediaSessionEvents>(_event: K, _handler: (payload: MediaSessionEvents[K]) => void) => () => {},
  }),
}))

const { useVisitCall } = await import('../../web/src/composables/useVisitCall')

const access = (minutesLeft = 60): MediaAccess => ({
  provider: 'webrtc',
  uid: 'me',
  expiresAt: new Date(Date.now() + minutesLeft * 60_000).toISOString(),
  iceServers: [],
})

/** A backend whose getMediaAccess answers with `answer` (a refusal when it throws), logging each call. */
function backendWith(answer: (purpose: string) => MediaAccess = () => access()): VisitBackend {
  return {
    uid: 'me',
    firestore: {},
    signOut: async () => {},
    call: async (name: string, data: { purpose?: string; warm?: boolean }) => {
      if (data.warm) {
        log.push(`warm(${name})`)
        return { warm: true }
      }
      if (name !== 'getMediaAccess') {
        log.push(name)
        return { status: 'live' }
      }
      log.push(`getMediaAccess(${data.purpose})`)
      return answer(data.purpose ?? 'join')
    },
  } as unknown as VisitBackend
}

function callWith(backend: VisitBackend) {
  const local = {
    videoTrack: shallowRef<MediaStreamTrack | null>(null),
    videoSource: shallowRef<'camera' | 'screen'>('camera'),
    audioTrack: shallowRef<MediaStreamTrack | null>(null),
    cameraOff: shallowRef(false),
    microphoneMuted: shallowRef(false),
  }
  const scope = effectScope()
  const call = scope.run(() => useVisitCall({ backend, visit: { practiceId: 'p', appointmentId: 'a' }, local }))!
  return { call, scope }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A call that prepared while waiting (access prefetched, session prepared), with the log cleared after it. */
async function preparedCall(backend: VisitBackend) {
  const prepared = callWith(backend)
  prepared.scope.run(() => prepared.call.prepareWhen(() => true))
  await settle()
  await settle()
  log.length = 0
  return prepared
}

beforeEach(() => {
  log.length = 0
  vi.stubGlobal('navigator', { onLine: true })
  vi.stubGlobal('window', new EventTarget())
  vi.stubGlobal('performance', { mark: () => {} })
})
afterEach(() => void vi.unstubAllGlobals())

describe('useVisitCall: prepared for an instant Start', () => {
  it('prefetches access, loads the media code and wakes the named callables while ready', async () => {
    const { call, scope } = callWith(backendWith())
    const ready = shallowRef(false)
    scope.run(() => call.prepareWhen(ready, { warm: ['startVisit', 'endVisit'] }))
    await settle()
    expect(log).toEqual([])
    ready.value = true
    await settle()
    await settle()
    expect(log).toEqual(['warm(startVisit)', 'warm(endVisit)', 'getMediaAccess(prefetch)', 'media.prepare'])
    scope.stop()
  })

  it('joins on prepared access with no round trip first, then confirms the join with the server', async () => {
    const { call, scope } = await preparedCall(backendWith())
    await call.join()
    expect(log[0]).toBe('media.join')
    await settle()
    expect(log).toEqual(['media.join', 'getMediaAccess(join)'])
    scope.stop()
  })

  it('leaves the channel with the server’s message when the confirmed join is refused', async () => {
    const refusing = backendWith((purpose) => {
      if (purpose === 'join') throw new Error('This visit has ended.')
      return access()
    })
    const { call, scope } = await preparedCall(refusing)
    await call.join()
    await settle()
    await settle()
    expect(log).toContain('media.leave')
    expect(call.error.value).toBe('This visit has ended.')
    expect(call.state.value).toBe('idle')
    scope.stop()
  })

  it('discards the prepared session and fetches a join itself when the prepared access is nearly spent', async () => {
    const { call, scope } = await preparedCall(backendWith((purpose) => (purpose === 'prefetch' ? access(1) : access())))
    await call.join()
    expect(log).toEqual(['media.leave', 'getMediaAccess(join)', 'media.join'])
    scope.stop()
  })

  it("runs the practitioner's media join beside startVisit, and leaves again if Start is refused", async () => {
    const { call, scope } = await preparedCall(backendWith())
    let refuse!: (err: Error) => void
    const start = call.joinAfter(() => new Promise((_, reject) => (refuse = reject)))
    await settle()
    // Start has not answered, and the media session has joined already.
    expect(log).toEqual(['media.join'])
    refuse(new Error('Not enough credit to start this visit.'))
    await expect(start).rejects.toThrow('Not enough credit')
    expect(log).toEqual(['media.join', 'media.leave'])
    scope.stop()
  })

  it('without prepared access, joins only after startVisit (a join before Start would be refused)', async () => {
    const { call, scope } = callWith(backendWith())
    const result = await call.joinAfter(async () => {
      log.push('startVisit')
      return 'started'
    })
    expect(result).toBe('started')
    expect(log).toEqual(['startVisit', 'getMediaAccess(join)', 'media.join'])
    scope.stop()
  })
})

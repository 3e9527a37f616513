/**
 * The media side of a visit for one participant: gets media access from the server, opens a MediaSession
 * (Agora, or the development WebRTC mesh: the server's answer decides), publishes the local tracks and follows
 * their changes (device switch, camera ↔ screen, mute), and exposes remote tracks, the connection state and this
 * side's connection strength. Components never learn which implementation runs.
 */
import { connectionStrength, type ConnectionState, type NetworkQuality } from '@domain/connectionStrength'
import type { MediaAccess, MediaProvider, VisitRef } from '@domain/visit'
import { computed, onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { VisitBackend } from '@/firebase/visitBackend'
import type { MediaSession, RemoteMedia } from '@/media/MediaSession'
import { markVisitStep } from '@/visit/visitTimings'
import { useOnline } from './useOnline'

export interface LocalTracks {
  videoTrack: MaybeRefOrGetter<MediaStreamTrack | null>
  videoSource: MaybeRefOrGetter<'camera' | 'screen'>
  audioTrack: MaybeRefOrGetter<MediaStreamTrack | null>
  cameraOff: MaybeRefOrGetter<boolean>
  microphoneMuted: MaybeRefOrGetter<boolean>
}

export function useVisitCall(options: { backend: VisitBackend; visit: VisitRef; local: LocalTracks }) {
  const { backend, visit, local } = options
  const session = shallowRef<MediaSession | null>(null)
  const provider = ref<MediaProvider | null>(null)
  const state = ref<ConnectionState | 'idle'>('idle')
  const quality = ref<{ uplink: NetworkQuality; downlink: NetworkQuality }>({ uplink: 0, downlink: 0 })
  const remote = shallowRef<RemoteMedia[]>([])
  /** The remote participants' loudness (0..1) by participant id, from the session's audio levels. */
  const audioLevels = shallowRef<ReadonlyMap<string, number>>(new Map())
  const error = ref<string | null>(null)
  const online = useOnline()
  const stops: (() => void)[] = []

  const getAccess = () => backend.call<MediaAccess>('getMediaAccess', visit)

  /** Joins the media channel and publishes the local tracks. Rejects with the server's message if refused. */
  async function join(): Promise<void> {
    if (session.value) return
    error.value = null
    state.value = 'connecting'
    const access = await getAccess()
    markVisitStep('media-access')
    provider.value = access.provider
    const { createMediaSession } = await import('@/media/createMediaSession')
    const media = await createMediaSession({
      access,
      renewAccess: getAccess,
      firestore: backend.firestore,
      practiceId: visit.practiceId,
      appointmentId: visit.appointmentId,
    })
    session.value = media
    stops.push(
      media.on('connection-state', (next) => (state.value = next)),
      media.on('network-quality', (next) => (quality.value = next)),
      media.on('remote-media', () => (remote.value = media.remoteMedia())),
      media.on('participant-left', () => (remote.value = media.remoteMedia())),
      media.on('audio-levels', (levels) => (audioLevels.value = new Map(levels.map((l) => [l.participantId, l.level])))),
    )
    await media.join()
    markVisitStep('media-joined')
    state.value = media.connectionState
    await publishVideo()
    await publishAudio()
    markVisitStep('published')
  }

  async function publishVideo(): Promise<void> {
    const media = session.value
    if (!media) return
    const track = toValue(local.videoTrack)
    if (!track) return media.unpublishVideo()
    await (toValue(local.videoSource) === 'screen' ? media.publishScreen(track) : media.publishCamera(track))
    await media.setVideoMuted(toValue(local.cameraOff))
  }

  async function publishAudio(): Promise<void> {
    const media = session.value
    const track = toValue(local.audioTrack)
    if (!media || !track) return
    await media.publishMicrophone(track)
    await media.setMicrophoneMuted(toValue(local.microphoneMuted))
  }

  const report = (err: unknown) => {
    error.value = err instanceof Error ? err.message : String(err)
  }
  watch(() => [toValue(local.videoTrack), toValue(local.videoSource)], () => publishVideo().catch(report))
  watch(() => toValue(local.audioTrack), () => publishAudio().catch(report))
  watch(() => toValue(local.cameraOff), (off) => session.value?.setVideoMuted(off).catch(report))
  watch(() => toValue(local.microphoneMuted), (muted) => session.value?.setMicrophoneMuted(muted).catch(report))

  /** Leaves the media channel (idempotent). The local tracks stay with their owner. */
  async function leave(): Promise<void> {
    const media = session.value
    session.value = null
    stops.splice(0).forEach((stop) => stop())
    remote.value = []
    audioLevels.value = new Map()
    state.value = 'idle'
    await media?.leave()
  }
  onScopeDispose(() => void leave())

  return {
    provider,
    /** 'idle' before join; then the session's state. */
    state,
    online,
    /** True while the connection is down and the session is trying to get it back. */
    reconnecting: computed(() => state.value === 'reconnecting' || (state.value !== 'idle' && !online.value)),
    strength: computed(() =>
      connectionStrength({
        state: state.value === 'idle' ? 'connecting' : state.value,
        uplink: quality.value.uplink,
        downlink: quality.value.downlink,
        online: online.value,
      }),
    ),
    remote,
    audioLevels,
    error,
    join,
    leave,
  }
}

export type VisitCall = ReturnType<typeof useVisitCall>

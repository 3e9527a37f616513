/**
 * The media side of a visit for one participant: gets media access from the server, opens a MediaSession
 * (Agora, or the development WebRTC mesh: the server's answer decides), publishes the local tracks and follows
 * their changes (device switch, camera ↔ screen, mute), and exposes remote tracks, the connection state and this
 * side's connection strength. Components never learn which implementation runs.
 *
 * Start is meant to be instant, so the round trips happen while people wait: `prepareWhen` fetches media access
 * ahead (a prefetch, which the server never counts as joining), makes the media session and opens what it can
 * without joining, and wakes the callables the visit will use. After Start, joining then needs no round trip before media flows; the join itself is confirmed
 * with the server alongside (for a patient, that is what billing records).
 */
import { connectionStrength, type ConnectionState, type NetworkQuality } from '@domain/connectionStrength'
import type { GetMediaAccessInput, MediaAccess, MediaProvider, VisitRef } from '@domain/visit'
import { WARM_UP_REQUEST } from '@domain/warmUp'
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

/** A long wait re-fetches the prepared access and wakes the functions again this often (instances idle out). */
const PREPARE_REFRESH_MS = 5 * 60_000
/** Prepared access with less time than this left is not used: joining fetches fresh access instead. */
const PREPARED_ACCESS_MIN_LEFT_MS = 2 * 60_000

interface Prepared {
  access: MediaAccess
  media: MediaSession
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

  const getAccess = (purpose: GetMediaAccessInput['purpose'] = 'join') =>
    backend.call<MediaAccess>('getMediaAccess', { ...visit, purpose } satisfies GetMediaAccessInput)

  /** A session made ahead of Start on prefetched access and prepared (not joined); null when none. */
  let prepared: Promise<Prepared | null> | null = null

  function createSession(access: MediaAccess): Promise<MediaSession> {
    return import('@/media/createMediaSession').then(({ createMediaSession }) =>
      createMediaSession({
        access,
        renewAccess: () => getAccess('join'),
        firestore: backend.firestore,
        practiceId: visit.practiceId,
        appointmentId: visit.appointmentId,
      }),
    )
  }

  /**
   * Fetches media access ahead (it records no join), loads the media code and makes a session on it that opens
   * what it can without being in the visit (MediaSession.prepare), and wakes the named callables (a
   * `{ warm: true }` call each), so that Start meets warm functions. Failures are quiet: joining then does it all.
   */
  function prepare(warm: readonly string[] = []): void {
    for (const name of warm) backend.call(name, WARM_UP_REQUEST).catch(() => {})
    if (session.value) return
    const previous = prepared
    const next = getAccess('prefetch')
      .then(async (access) => {
        const media = await createSession(access)
        media.prepare()
        return { access, media }
      })
      .catch(() => null)
    prepared = next
    // A refresh replaces the session made before, once the new one is ready.
    if (previous) void next.then(() => previous).then((old) => discard(old))
  }

  function discard(unused: Prepared | null): void {
    if (unused && unused.media !== session.value) void unused.media.leave()
  }

  /**
   * Prepares while `ready` holds (say, the waiting room inside the join window) and again every
   * PREPARE_REFRESH_MS, so a long wait keeps both the access and the functions fresh.
   */
  function prepareWhen(ready: MaybeRefOrGetter<boolean>, options: { warm?: readonly string[] } = {}): void {
    let timer: ReturnType<typeof setInterval> | undefined
    const stop = () => clearInterval(timer)
    watch(
      () => toValue(ready),
      (yes) => {
        stop()
        if (!yes) return
        prepare(options.warm)
        timer = setInterval(() => (session.value ? stop() : prepare(options.warm)), PREPARE_REFRESH_MS)
      },
      { immediate: true },
    )
    onScopeDispose(stop)
  }

  /** Takes the prepared session if its access has time left (discarding it otherwise); null when there is none. */
  async function takePrepared(): Promise<Prepared | null> {
    const ahead = await prepared
    prepared = null
    if (ahead && Date.parse(ahead.access.expiresAt) - Date.now() >= PREPARED_ACCESS_MIN_LEFT_MS) return ahead
    discard(ahead)
    return null
  }

  /**
   * Joins the media channel and publishes the local tracks. Rejects with the server's message if refused. With
   * prepared access there is no round trip first: the join is confirmed with the server alongside, and a refusal
   * then (the visit ended, the link was revoked meanwhile) leaves the channel again with the server's message.
   */
  async function join(): Promise<void> {
    if (session.value) return
    const ahead = await takePrepared()
    if (ahead) await joinWith(ahead.access, ahead.media)
    else await joinWith(await getAccess('join'))
    if (ahead) void confirmJoin()
  }

  async function confirmJoin(): Promise<void> {
    try {
      await getAccess('join')
    } catch (err) {
      await leave()
      report(err)
    }
  }

  /**
   * The practitioner's Start: `start` (the startVisit call) and the media join run side by side when access was
   * prepared, since only patients wait for the visit to be live. Resolves with what `start` returned once both
   * are done; if `start` is refused, leaves the channel again and rejects with its error.
   */
  async function joinAfter<T>(start: () => Promise<T>): Promise<T> {
    markVisitStep('start-pressed')
    const started = start().then((result) => {
      markVisitStep('start-returned')
      return result
    })
    try {
      const ahead = await takePrepared()
      if (!ahead) {
        const result = await started
        await join()
        return result
      }
      const [result] = await Promise.all([started, joinWith(ahead.access, ahead.media)])
      return result
    } catch (err) {
      await leave()
      throw err
    }
  }

  /** Joins on `access`, with the session prepared for it if there is one. */
  async function joinWith(access: MediaAccess, ready?: MediaSession): Promise<void> {
    if (session.value) return
    error.value = null
    state.value = 'connecting'
    markVisitStep('media-access')
    provider.value = access.provider
    const media = ready ?? (await createSession(access))
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
    // A later join (after a drop, or End and Rejoin) fetches access afresh.
    const unused = prepared
    prepared = null
    void unused?.then(discard)
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
    prepareWhen,
    join,
    joinAfter,
    leave,
  }
}

export type VisitCall = ReturnType<typeof useVisitCall>

import { computed, onScopeDispose, readonly, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type { DeviceStatus } from '@/visit/deviceStatus'
import { trackStatus } from '@/visit/deviceStatus'
import {
  mediaProblemFromError,
  mediaProblemMessage,
  screenShareProblem,
  screenShareProblemMessage,
  type MediaDeviceKind,
  type MediaProblem,
} from '@/visit/permissionHelp'
import type { DetectedBrowser } from '@/visit/browserSupport'

export type VideoSource = 'camera' | 'screen'

/** A camera or microphone that couldn't be opened: why, and a sentence for the patient. */
export interface DeviceError {
  problem: MediaProblem
  message: string
}

/**
 * The patient's (or practitioner's) own camera, screen and microphone tracks. The caller owns them: a media
 * session only publishes `videoTrack` and `audioTrack` and follows their changes; components show them.
 */
export interface LocalMedia {
  /** What `videoTrack` is: the camera, or the shared screen instead (one or the other). */
  videoSource: Readonly<Ref<VideoSource>>
  /** The current video track (camera or screen), null before start or when it couldn't be opened. */
  videoTrack: Readonly<ShallowRef<MediaStreamTrack | null>>
  audioTrack: Readonly<ShallowRef<MediaStreamTrack | null>>
  /** The camera in use, or chosen for when the camera is back (remembered in localStorage when picked). */
  cameraId: Readonly<Ref<string | null>>
  microphoneId: Readonly<Ref<string | null>>
  /** The chosen speaker for `setSinkId` (null: the system default). */
  speakerId: Readonly<Ref<string | null>>
  /**
   * The video is switched off: true only while the camera is the source and the patient turned it off. Sharing
   * the screen shows the screen; the camera's off switch is kept for when the camera comes back.
   */
  cameraOff: ComputedRef<boolean>
  microphoneMuted: Readonly<Ref<boolean>>
  cameraError: Readonly<Ref<DeviceError | null>>
  microphoneError: Readonly<Ref<DeviceError | null>>
  /** Why screen sharing didn't start (null when it did, or when the patient cancelled the picker). */
  screenError: Readonly<Ref<string | null>>
  /** `start()` has been called (and `stopAll()` not since). */
  started: Readonly<Ref<boolean>>
  starting: Readonly<Ref<boolean>>
  videoStatus: ComputedRef<DeviceStatus>
  microphoneStatus: ComputedRef<DeviceStatus>
  /** 'unchecked' until the speaker test is confirmed ('ok') or not heard ('problem'); reset by a new speaker. */
  speakerStatus: Readonly<Ref<DeviceStatus>>
  /** Records the outcome of the speaker test. */
  setSpeakerStatus(status: DeviceStatus): void
  /** Opens the camera (unless sharing the screen) and the microphone; also "try again" after an error. */
  start(): Promise<void>
  selectCamera(deviceId: string): Promise<void>
  selectMicrophone(deviceId: string): Promise<void>
  selectSpeaker(deviceId: string): void
  /** Switches between camera and screen. 'screen' must be called from a click (browsers require a gesture). */
  setVideoSource(source: VideoSource): Promise<void>
  /** The screen instead of the camera (from a click); `setVideoSource('screen')`. */
  shareScreen(): Promise<void>
  /** Back from the screen to the camera; `setVideoSource('camera')`. */
  switchToCamera(): Promise<void>
  setCameraOff(off: boolean): void
  toggleCamera(): void
  setMicrophoneMuted(muted: boolean): void
  toggleMicrophone(): void
  /** Stops every track (the camera light goes off). Also runs when the calling scope ends. */
  stopAll(): void
}

const STORAGE_KEYS = {
  camera: 'visit.cameraId',
  microphone: 'visit.microphoneId',
  speaker: 'visit.speakerId',
} as const

// 720p is enough to see a rash or a wound; the media session lowers what it sends when bandwidth is short.
const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 30, max: 30 },
}

const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
}

// Slides and documents need sharpness more than motion.
const SCREEN_CONSTRAINTS: MediaTrackConstraints = { frameRate: { ideal: 15, max: 30 } }

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null // storage disabled (private mode in some browsers): nothing remembered
  }
}

function store(key: string, value: string) {
  try {
    localStorage.setItem(key, value)
  } catch {
    // storage full or disabled: the choice holds for this visit only
  }
}

function constraintsFor(kind: MediaDeviceKind, deviceId: string | null): MediaTrackConstraints {
  const base = kind === 'camera' ? CAMERA_CONSTRAINTS : MICROPHONE_CONSTRAINTS
  if (deviceId) return { ...base, deviceId: { exact: deviceId } }
  // On phones, start with the front camera: the patient wants to be seen, not what is in front of them.
  return kind === 'camera' ? { ...base, facingMode: 'user' } : base
}

function isLive(track: MediaStreamTrack | null): track is MediaStreamTrack {
  return track?.readyState === 'live'
}

async function capture(kind: MediaDeviceKind, deviceId: string | null): Promise<MediaStreamTrack> {
  const constraints = constraintsFor(kind, deviceId)
  const request = kind === 'camera' ? { video: constraints } : { audio: constraints }
  const stream = await navigator.mediaDevices.getUserMedia(request)
  const [track] = kind === 'camera' ? stream.getVideoTracks() : stream.getAudioTracks()
  if (!track) throw new DOMException(`No ${kind} track`, 'NotFoundError')
  return track
}

/**
 * A remembered device may be gone (unplugged; Safari also renews device ids each session): then the default
 * device rather than an error.
 */
async function captureOrDefault(kind: MediaDeviceKind, deviceId: string | null): Promise<MediaStreamTrack> {
  try {
    return await capture(kind, deviceId)
  } catch (error) {
    if (deviceId && mediaProblemFromError(error) === 'not-found') return capture(kind, null)
    throw error
  }
}

async function permissionGranted(name: 'camera' | 'microphone'): Promise<boolean> {
  try {
    return (await navigator.permissions.query({ name: name as PermissionName })).state === 'granted'
  } catch {
    return false
  }
}

function deviceError(error: unknown, kind: MediaDeviceKind): DeviceError {
  const problem = mediaProblemFromError(error)
  return { problem, message: mediaProblemMessage(problem, kind) }
}

/**
 * One slot for a local track (video: camera or screen; audio: microphone). Replacing the track stops the old
 * one; a request counter discards answers that arrive after a newer request (a patient clicking through the
 * camera picker); `pending` tells the `ended` handler that an end is expected (iOS ends the old track itself
 * when a new capture of the same kind starts).
 */
function trackSlot(onEnded: (track: MediaStreamTrack) => void) {
  const track = shallowRef<MediaStreamTrack | null>(null)
  let latest = 0
  let pending = 0
  const handleEnded = (event: Event) => {
    const ended = event.target as MediaStreamTrack
    if (ended === track.value && pending === 0) onEnded(ended)
  }
  return {
    track,
    /** Runs `work` as the newest request; `isCurrent()` says whether a newer one has started since. */
    async request<T>(work: (isCurrent: () => boolean) => Promise<T>): Promise<T> {
      const id = ++latest
      pending++
      try {
        return await work(() => id === latest)
      } finally {
        pending--
      }
    },
    replace(next: MediaStreamTrack | null) {
      const previous = track.value
      if (previous && previous !== next) {
        previous.removeEventListener('ended', handleEnded)
        previous.stop()
      }
      if (next && next !== previous) next.addEventListener('ended', handleEnded)
      track.value = next
    },
    /** Invalidates requests in flight and stops the track. */
    clear() {
      latest++
      this.replace(null)
    },
  }
}

/**
 * The local camera, screen and microphone for the waiting room and the visit. Camera and microphone open on
 * `start()` (the browser's permission prompt), with echo cancellation and noise suppression on the microphone.
 * The screen replaces the camera when shared; when the patient stops sharing from the browser's own bar, the
 * camera comes back. Chosen devices are remembered in localStorage for the next visit. A device that can't be
 * opened becomes `cameraError` / `microphoneError` ('blocked' | 'not-found' | 'in-use' | 'unknown') with a
 * message. Every track stops with the calling scope.
 *
 * `browser` (from `useBrowserSupport`) only words the screen-sharing messages for the system in use.
 */
export function useLocalMedia(options: { browser?: DetectedBrowser } = {}): LocalMedia {
  const videoSource = ref<VideoSource>('camera')
  const cameraId = ref<string | null>(readStored(STORAGE_KEYS.camera))
  const microphoneId = ref<string | null>(readStored(STORAGE_KEYS.microphone))
  const speakerId = ref<string | null>(readStored(STORAGE_KEYS.speaker))
  const cameraSwitchedOff = ref(false)
  const microphoneMuted = ref(false)
  const cameraError = ref<DeviceError | null>(null)
  const microphoneError = ref<DeviceError | null>(null)
  const screenError = ref<string | null>(null)
  const started = ref(false)
  const starting = ref(false)
  const speakerStatus = ref<DeviceStatus>('unchecked')

  const video = trackSlot((ended) => {
    // The patient pressed the browser's own "Stop sharing": back to the camera, as if they had chosen it.
    if (ended.kind === 'video' && videoSource.value === 'screen') void setVideoSource('camera')
    // The camera was unplugged or taken by the system: try the default one.
    else void openCamera(null)
  })
  const audio = trackSlot(() => void openMicrophone(null))

  function setVideo(track: MediaStreamTrack | null, source: VideoSource) {
    if (track && source === 'camera') {
      track.enabled = !cameraSwitchedOff.value
      cameraId.value = track.getSettings().deviceId ?? cameraId.value
    }
    video.replace(track)
    videoSource.value = source
  }

  function setAudio(track: MediaStreamTrack | null) {
    if (track) {
      track.enabled = !microphoneMuted.value
      microphoneId.value = track.getSettings().deviceId ?? microphoneId.value
    }
    audio.replace(track)
  }

  /** Opens a camera into the video slot, replacing the camera or the screen. */
  function openCamera(deviceId: string | null): Promise<void> {
    return video.request(async (isCurrent) => {
      const previous = video.track.value
      try {
        let track: MediaStreamTrack
        try {
          track = await captureOrDefault('camera', deviceId)
        } catch (error) {
          // Phones open one camera at a time: release the current one and ask again.
          if (mediaProblemFromError(error) !== 'in-use' || !isLive(previous) || !isCurrent()) throw error
          setVideo(null, videoSource.value)
          track = await captureOrDefault('camera', deviceId)
        }
        if (!isCurrent()) return track.stop()
        cameraError.value = null
        setVideo(track, 'camera')
      } catch (error) {
        if (!isCurrent()) return
        cameraError.value = deviceError(error, 'camera')
        // A camera that still works stays on show (the chosen one was busy); an ended one or a screen goes.
        const current = video.track.value
        if (!isLive(current) || videoSource.value === 'screen') setVideo(null, 'camera')
        else cameraId.value = current.getSettings().deviceId ?? cameraId.value
      }
    })
  }

  function openMicrophone(deviceId: string | null): Promise<void> {
    return audio.request(async (isCurrent) => {
      try {
        const track = await captureOrDefault('microphone', deviceId)
        if (!isCurrent()) return track.stop()
        microphoneError.value = null
        setAudio(track)
      } catch (error) {
        if (!isCurrent()) return
        microphoneError.value = deviceError(error, 'microphone')
        const current = audio.track.value
        if (!isLive(current)) setAudio(null)
        else microphoneId.value = current.getSettings().deviceId ?? microphoneId.value
      }
    })
  }

  async function start(): Promise<void> {
    if (starting.value) return
    started.value = true
    starting.value = true
    try {
      let needCamera = videoSource.value === 'camera' && !isLive(video.track.value)
      let needMicrophone = !isLive(audio.track.value)
      if (needCamera && needMicrophone) ({ needCamera, needMicrophone } = await openBoth())
      // One at a time: says which device failed, and falls back from a remembered device that is gone.
      if (needCamera) await openCamera(cameraId.value)
      if (needMicrophone) await openMicrophone(microphoneId.value)
    } finally {
      starting.value = false
    }
  }

  /**
   * Camera and microphone in one request, so the browser asks once for both. Returns what is still to open one
   * at a time: nothing when it worked; after a block only a device whose permission is granted, because asking
   * again for a refused one would just show the patient another prompt.
   */
  async function openBoth(): Promise<{ needCamera: boolean; needMicrophone: boolean }> {
    return video.request((videoIsCurrent) =>
      audio.request(async (audioIsCurrent) => {
        try {
          const stream = await navigator.mediaDevices.getUserMedia({
            video: constraintsFor('camera', cameraId.value),
            audio: constraintsFor('microphone', microphoneId.value),
          })
          const [camera] = stream.getVideoTracks()
          const [microphone] = stream.getAudioTracks()
          if (videoIsCurrent() && camera) {
            cameraError.value = null
            setVideo(camera, 'camera')
          } else camera?.stop()
          if (audioIsCurrent() && microphone) {
            microphoneError.value = null
            setAudio(microphone)
          } else microphone?.stop()
          return { needCamera: !camera, needMicrophone: !microphone }
        } catch (error) {
          // Not found, busy, a remembered device gone: one at a time sorts out which and falls back.
          if (mediaProblemFromError(error) !== 'blocked') return { needCamera: true, needMicrophone: true }
          // One refusal covers both: find out which was refused, where the browser can say without a prompt.
          const [cameraAllowed, microphoneAllowed] = await Promise.all([
            permissionGranted('camera'),
            permissionGranted('microphone'),
          ])
          if (!cameraAllowed && videoIsCurrent()) cameraError.value = deviceError(error, 'camera')
          if (!microphoneAllowed && audioIsCurrent()) microphoneError.value = deviceError(error, 'microphone')
          return { needCamera: cameraAllowed, needMicrophone: microphoneAllowed }
        }
      }),
    )
  }

  async function selectCamera(deviceId: string): Promise<void> {
    store(STORAGE_KEYS.camera, deviceId)
    cameraId.value = deviceId
    if (started.value && videoSource.value === 'camera') await openCamera(deviceId)
  }

  async function selectMicrophone(deviceId: string): Promise<void> {
    store(STORAGE_KEYS.microphone, deviceId)
    microphoneId.value = deviceId
    if (started.value) await openMicrophone(deviceId)
  }

  function selectSpeaker(deviceId: string): void {
    store(STORAGE_KEYS.speaker, deviceId)
    if (speakerId.value !== deviceId) speakerStatus.value = 'unchecked' // the confirmation was for another speaker
    speakerId.value = deviceId
  }

  async function shareScreen(): Promise<void> {
    screenError.value = null
    if (!navigator.mediaDevices?.getDisplayMedia) {
      screenError.value = "Screen sharing isn't available in this browser."
      return
    }
    // getDisplayMedia must be the first thing awaited: browsers allow it only in the click's own turn.
    const pickScreen = navigator.mediaDevices.getDisplayMedia({ video: SCREEN_CONSTRAINTS, audio: false })
    await video.request(async (isCurrent) => {
      try {
        const [track] = (await pickScreen).getVideoTracks()
        if (!track) return
        if (!isCurrent()) return track.stop()
        track.contentHint = 'detail'
        setVideo(track, 'screen')
      } catch (error) {
        if (!isCurrent()) return
        screenError.value = screenShareProblemMessage(screenShareProblem(error), options.browser)
      }
    })
  }

  async function setVideoSource(source: VideoSource): Promise<void> {
    if (source === videoSource.value && isLive(video.track.value)) return
    if (source === 'screen') return shareScreen()
    screenError.value = null
    await openCamera(cameraId.value)
  }

  function setCameraOff(off: boolean): void {
    cameraSwitchedOff.value = off
    const track = video.track.value
    if (track && videoSource.value === 'camera') track.enabled = !off
  }

  function setMicrophoneMuted(muted: boolean): void {
    microphoneMuted.value = muted
    const track = audio.track.value
    if (track) track.enabled = !muted
  }

  function stopAll(): void {
    video.clear()
    audio.clear()
    videoSource.value = 'camera'
    started.value = false
  }
  onScopeDispose(stopAll)

  const cameraOff = computed(() => videoSource.value === 'camera' && cameraSwitchedOff.value)

  return {
    videoSource: readonly(videoSource),
    videoTrack: video.track,
    audioTrack: audio.track,
    cameraId: readonly(cameraId),
    microphoneId: readonly(microphoneId),
    speakerId: readonly(speakerId),
    cameraOff,
    microphoneMuted: readonly(microphoneMuted),
    cameraError: readonly(cameraError),
    microphoneError: readonly(microphoneError),
    screenError: readonly(screenError),
    started: readonly(started),
    starting: readonly(starting),
    // A camera error while an older camera still shows (the chosen one was busy) is a message, not a problem.
    videoStatus: computed(() =>
      trackStatus({
        track: video.track.value,
        off: cameraOff.value,
        failed: videoSource.value === 'camera' && cameraError.value !== null && !isLive(video.track.value),
      }),
    ),
    microphoneStatus: computed(() =>
      trackStatus({
        track: audio.track.value,
        off: microphoneMuted.value,
        failed: microphoneError.value !== null && !isLive(audio.track.value),
      }),
    ),
    speakerStatus: readonly(speakerStatus),
    setSpeakerStatus: (status: DeviceStatus) => {
      speakerStatus.value = status
    },
    start,
    selectCamera,
    selectMicrophone,
    selectSpeaker,
    setVideoSource,
    shareScreen: () => setVideoSource('screen'),
    switchToCamera: () => setVideoSource('camera'),
    setCameraOff,
    toggleCamera: () => setCameraOff(!cameraSwitchedOff.value),
    setMicrophoneMuted,
    toggleMicrophone: () => setMicrophoneMuted(!microphoneMuted.value),
    stopAll,
  }
}

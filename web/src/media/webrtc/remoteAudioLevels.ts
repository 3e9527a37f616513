/**
 * The mesh's speaker detection: an analyser on each remote audio track (Agora has its volume indicator instead),
 * read a few times a second. Analysers follow the tracks: one is made when a track arrives and disconnected when
 * it goes or is replaced. (Chromium only feeds a remote WebRTC track into Web Audio while the track also plays in
 * a media element; the visit plays every remote track in VisitRemoteAudio.)
 */
import { trackLevelMeter, type TrackLevelMeter } from '@/lib/trackLevelMeter'
import type { AudioLevel, RemoteMedia } from '../MediaSession'

/** Four readings a second: the ring follows the conversation, and the work stays small. */
export const AUDIO_LEVEL_INTERVAL_MS = 250

/** Starts sampling; returns the function that stops it and disconnects every analyser. */
export function sampleRemoteAudioLevels(remote: () => RemoteMedia[], report: (levels: AudioLevel[]) => void): () => void {
  const meters = new Map<string, { track: MediaStreamTrack; meter: TrackLevelMeter | null }>()
  const timer = setInterval(() => {
    const current = new Map(remote().flatMap((media) => (media.audio ? [[media.participantId, media.audio] as const] : [])))
    for (const [id, entry] of meters) {
      if (current.get(id) === entry.track) continue
      entry.meter?.stop()
      meters.delete(id)
    }
    const levels: AudioLevel[] = []
    for (const [participantId, track] of current) {
      let entry = meters.get(participantId)
      if (!entry) meters.set(participantId, (entry = { track, meter: trackLevelMeter(track) }))
      levels.push({ participantId, level: entry.meter?.read() ?? 0 })
    }
    report(levels)
  }, AUDIO_LEVEL_INTERVAL_MS)
  return () => {
    clearInterval(timer)
    for (const entry of meters.values()) entry.meter?.stop()
    meters.clear()
  }
}

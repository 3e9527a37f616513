import { levelFromRms, rootMeanSquare } from '@/visit/audioLevel'
import { sharedAudioContext } from './sharedAudioContext'

/** Reads an audio track's loudness now, on the meters' 0..1 scale (`@/visit/audioLevel`). */
export interface TrackLevelMeter {
  read(): number
  /** Disconnects the analyser; the track itself is left alone (it belongs to its owner). */
  stop(): void
}

/**
 * An AnalyserNode on one audio track, in the page's shared AudioContext: used by the microphone meter and by the
 * WebRTC mesh's speaker detection on remote tracks. Null where nothing can be measured (not audio, no Web Audio,
 * an ended track). A muted track (`enabled = false`) reads 0.
 */
export function trackLevelMeter(track: MediaStreamTrack): TrackLevelMeter | null {
  if (track.kind !== 'audio' || typeof AudioContext === 'undefined') return null
  const audio = sharedAudioContext()
  let source: MediaStreamAudioSourceNode
  try {
    source = audio.createMediaStreamSource(new MediaStream([track]))
  } catch {
    return null
  }
  const analyser = audio.createAnalyser()
  analyser.fftSize = 1024
  source.connect(analyser)
  const samples = new Float32Array(analyser.fftSize)
  return {
    read() {
      analyser.getFloatTimeDomainData(samples)
      return levelFromRms(rootMeanSquare(samples))
    },
    stop() {
      source.disconnect()
      analyser.disconnect()
    },
  }
}

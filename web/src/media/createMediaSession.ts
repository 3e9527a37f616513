/**
 * Picks the media implementation for the access the server handed out. Each implementation is a dynamic import,
 * so Agora's SDK (about 1.5 MB) is only downloaded when `access.provider === 'agora'`, and never for the mesh.
 */
import type { MediaProvider } from '@domain/visit'
import type { MediaSession, MediaSessionOptions } from './MediaSession'

type MediaSessionClass = new (options: MediaSessionOptions) => MediaSession

/** Loads (once: the module cache keeps it) the implementation for `provider`. */
export async function loadMediaSessionClass(provider: MediaProvider): Promise<MediaSessionClass> {
  if (provider === 'agora') return (await import('./agora/AgoraMediaSession')).AgoraMediaSession
  return (await import('./webrtc/WebRtcMeshSession')).WebRtcMeshSession
}

/**
 * Creates (but does not join) a media session for this participant.
 * Call `join()` on the result, then publish the caller's local tracks.
 */
export async function createMediaSession(options: MediaSessionOptions): Promise<MediaSession> {
  const Session = await loadMediaSessionClass(options.access.provider)
  return new Session(options)
}

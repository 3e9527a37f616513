/**
 * Picks the media implementation for the access the server handed out. Each implementation is a dynamic import,
 * so Agora's SDK (about 1.5 MB) is only downloaded when `access.provider === 'agora'`, and never for the mesh.
 */
import type { MediaSession, MediaSessionOptions } from './MediaSession'

/**
 * Creates (but does not join) a media session for this participant.
 * Call `join()` on the result, then publish the caller's local tracks.
 */
export async function createMediaSession(options: MediaSessionOptions): Promise<MediaSession> {
  if (options.access.provider === 'agora') {
    const { AgoraMediaSession } = await import('./agora/AgoraMediaSession')
    return new AgoraMediaSession(options)
  }
  const { WebRtcMeshSession } = await import('./webrtc/WebRtcMeshSession')
  return new WebRtcMeshSession(options)
}

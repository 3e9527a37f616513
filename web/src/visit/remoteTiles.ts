/**
 * The other people in a visit as the screens show them, from presence documents (name, mute flags, strength,
 * whether their heartbeats stopped) and the media session (their tracks). Pure, so the stage's grid and the
 * console's docked mini-window show the same people the same way.
 */
import type { ConnectionStrength } from '@domain/connectionStrength'
import type { MediaFlags, ParticipantState } from '@domain/visit'

export interface TileParticipant {
  id: string
  screenName: string
  state: ParticipantState
  media: MediaFlags
  connection: ConnectionStrength
  present: boolean
}

export interface TileMedia {
  participantId: string
  audio: MediaStreamTrack | null
  video: MediaStreamTrack | null
}

export interface RemoteTile {
  participantId: string
  name: string
  track: MediaStreamTrack | null
  media: MediaFlags
  strength: ConnectionStrength
  lost: boolean
}

/**
 * Everyone else in the visit keeps their tile, and one whose heartbeats stopped is shown as lost (not as a frozen
 * frame). Someone whose media arrives before their presence document says "in visit" is shown anyway, as "Joining…".
 */
export function remoteTiles(selfId: string, participants: readonly TileParticipant[], remote: readonly TileMedia[]): RemoteTile[] {
  const byId = new Map(remote.map((media) => [media.participantId, media]))
  const tiles: RemoteTile[] = participants
    .filter((p) => p.id !== selfId && p.state === 'in-visit')
    .map((p) => ({
      participantId: p.id,
      name: p.screenName,
      track: byId.get(p.id)?.video ?? null,
      media: p.media,
      strength: p.connection,
      lost: !p.present,
    }))
  for (const media of remote) {
    if (media.participantId === selfId || tiles.some((t) => t.participantId === media.participantId)) continue
    tiles.push({
      participantId: media.participantId,
      name: 'Joining…',
      track: media.video,
      media: { audio: Boolean(media.audio), video: Boolean(media.video), screen: false },
      strength: 'good',
      lost: false,
    })
  }
  return tiles
}

/** The other people's sound, one source per audio track, for VisitRemoteAudio. */
export function remoteAudioSources(remote: readonly TileMedia[]): { participantId: string; track: MediaStreamTrack }[] {
  return remote.flatMap((m) => (m.audio ? [{ participantId: m.participantId, track: m.audio }] : []))
}

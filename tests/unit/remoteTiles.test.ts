import { describe, expect, it } from 'vitest'
import { remoteAudioSources, remoteTiles, type TileParticipant } from '../../web/src/visit/remoteTiles'

const track = (id: string) => ({ id }) as MediaStreamTrack
const person = (id: string, over: Partial<TileParticipant> = {}): TileParticipant => ({
  id,
  screenName: id.toUpperCase(),
  state: 'in-visit',
  media: { audio: true, video: true, screen: false },
  connection: 'good',
  present: true,
  ...over,
})

describe('remote tiles', () => {
  it('shows everyone else in the visit with their own video, and never yourself', () => {
    const tiles = remoteTiles('me', [person('me'), person('a')], [{ participantId: 'a', audio: null, video: track('va') }])
    expect(tiles.map((t) => [t.participantId, t.name, t.track?.id])).toEqual([['a', 'A', 'va']])
  })

  it('leaves out those waiting or gone, and marks one whose heartbeats stopped as lost', () => {
    const tiles = remoteTiles('me', [person('w', { state: 'waiting' }), person('l', { state: 'left' }), person('s', { present: false })], [])
    expect(tiles.map((t) => [t.participantId, t.lost])).toEqual([['s', true]])
  })

  it('shows media that arrives before its presence document as "Joining…"', () => {
    const tiles = remoteTiles('me', [], [{ participantId: 'x', audio: track('ax'), video: null }])
    expect(tiles).toEqual([
      { participantId: 'x', name: 'Joining…', track: null, media: { audio: true, video: false, screen: false }, strength: 'good', lost: false },
    ])
  })

  it('plays one sound per audio track', () => {
    expect(remoteAudioSources([{ participantId: 'a', audio: track('aa'), video: null }, { participantId: 'b', audio: null, video: track('vb') }]))
      .toEqual([{ participantId: 'a', track: track('aa') }])
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { useTrackElement } from '../../web/src/composables/useTrackElement'

/**
 * useTrackElement lets go of the camera as soon as a <video> is done with it: an element left holding its stream
 * keeps a sink on the track until garbage collection, and held frames froze every page's camera at Start.
 */
class FakeStream {
  constructor(readonly tracks: MediaStreamTrack[]) {}
  getVideoTracks() {
    return this.tracks
  }
}
const camera = { id: 'camera', kind: 'video' } as MediaStreamTrack
const screen = { id: 'screen', kind: 'video' } as MediaStreamTrack
const element = () => ({ srcObject: null }) as unknown as HTMLVideoElement
const playing = (video: HTMLVideoElement) => (video.srcObject as unknown as FakeStream | null)?.getVideoTracks()[0] ?? null

beforeEach(() => vi.stubGlobal('MediaStream', FakeStream))
afterEach(() => vi.unstubAllGlobals())

describe('useTrackElement', () => {
  it('plays the track, follows a new track, and lets go when the element goes and when the component unmounts', async () => {
    const first = element()
    const second = element()
    const video = shallowRef<HTMLVideoElement | null>(first)
    const track = shallowRef<MediaStreamTrack | null>(camera)
    const scope = effectScope()
    scope.run(() => useTrackElement(video, () => track.value))
    expect(playing(first)).toBe(camera)

    track.value = screen
    await nextTick()
    expect(playing(first)).toBe(screen)

    // The element is removed (a v-if) and another takes its place: the removed one holds nothing.
    video.value = second
    await nextTick()
    expect(first.srcObject).toBeNull()
    expect(playing(second)).toBe(screen)

    track.value = null
    await nextTick()
    expect(second.srcObject).toBeNull()

    track.value = camera
    await nextTick()
    expect(playing(second)).toBe(camera)
    scope.stop()
    expect(second.srcObject).toBeNull()
  })
})

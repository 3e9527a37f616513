import { watchEffect, type Ref } from 'vue'

/**
 * Plays `track` in a <video> element (a MediaStream of that one track) and lets go of it as soon as the element
 * is removed or the component unmounts. Letting go matters: a removed element keeps its player, and with it a
 * sink on the camera track holding captured frames, until garbage collection. The camera's few frame buffers are
 * shared by every page that has it open, so meanwhile frames stop for all of them — at Start, when the waiting
 * room's preview gives way to the stage, that froze both sides' video for seconds.
 */
export function useTrackElement(element: Readonly<Ref<HTMLVideoElement | null>>, track: () => MediaStreamTrack | null): void {
  watchEffect((onCleanup) => {
    const video = element.value
    if (!video) return
    const wanted = track()
    video.srcObject = wanted ? new MediaStream([wanted]) : null
    // Before the next run (another element or another track) and when the component's scope ends.
    onCleanup(() => {
      video.srcObject = null
    })
  })
}

import { onBeforeUnmount, onMounted, shallowRef, type Ref, type ShallowRef } from 'vue'

/**
 * The current heights (px) of some elements, kept up to date with a ResizeObserver (a bar that wraps onto two
 * lines on a narrow screen, a phone turned). 0 until mounted, and where ResizeObserver is missing.
 */
export function useElementHeights(elements: Readonly<Ref<HTMLElement | null>>[]): ShallowRef<number[]> {
  const heights = shallowRef<number[]>(elements.map(() => 0))
  let observer: ResizeObserver | null = null
  const measure = () => (heights.value = elements.map((element) => element.value?.offsetHeight ?? 0))
  onMounted(() => {
    measure()
    if (typeof ResizeObserver === 'undefined') return
    observer = new ResizeObserver(measure)
    for (const element of elements) if (element.value) observer.observe(element.value)
  })
  onBeforeUnmount(() => observer?.disconnect())
  return heights
}

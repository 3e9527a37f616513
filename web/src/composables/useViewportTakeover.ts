import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/**
 * While the calling component is mounted, its element has the page to itself: everything outside it (the
 * console's header and navigation, the page around it) is made `inert` — neither focusable nor read out, as it
 * is hidden behind — and the page behind does not scroll. Everything is given back on unmount. Elements added
 * outside later (a dialog teleported to the body) stay usable.
 */
export function useViewportTakeover(element: Readonly<Ref<HTMLElement | null>>): void {
  const madeInert: HTMLElement[] = []
  let overflow = ''
  onMounted(() => {
    for (let node = element.value; node && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement?.children ?? []) {
        if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert) continue
        if (sibling.tagName === 'SCRIPT' || sibling.tagName === 'STYLE') continue
        sibling.inert = true
        madeInert.push(sibling)
      }
    }
    overflow = document.documentElement.style.overflow
    document.documentElement.style.overflow = 'hidden'
  })
  onBeforeUnmount(() => {
    for (const sibling of madeInert.splice(0)) sibling.inert = false
    document.documentElement.style.overflow = overflow
  })
}

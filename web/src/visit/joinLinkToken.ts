/**
 * The join link's token leaves the address bar as soon as the page has read it: it lives on in this tab's
 * sessionStorage (gone when the tab closes), so a reload of the bare /join page still rejoins, while the token no
 * longer shows in the address bar, the tab's history, a screenshot or a shared screen.
 */
const KEY = 'telehealth.join.link'

/**
 * The token of the link this tab opened: the one in the URL (remembered for reloads), or else the one remembered.
 * Null when the tab never opened a link.
 */
export function takeJoinToken(fromUrl: string | undefined): string | null {
  try {
    if (fromUrl) sessionStorage.setItem(KEY, fromUrl)
    return fromUrl || sessionStorage.getItem(KEY)
  } catch {
    // Private modes may refuse storage: the token then stays in the URL, which is the only copy.
    return fromUrl || null
  }
}

/** Whether the token can leave the URL: only once it is safely remembered, or a reload would lose the link. */
export function joinTokenRemembered(token: string): boolean {
  try {
    return sessionStorage.getItem(KEY) === token
  } catch {
    return false
  }
}

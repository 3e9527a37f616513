/**
 * Downloads and evaluates the media code for `provider` ahead of the join (while people wait), so that after Start
 * no chunk is fetched before media flows. The modules stay dynamic imports: a page that never joins never pays.
 */
import type { MediaProvider } from '@domain/visit'

export async function preloadMediaSession(provider: MediaProvider): Promise<void> {
  const { loadMediaSessionClass } = await import('./createMediaSession')
  await loadMediaSessionClass(provider)
}

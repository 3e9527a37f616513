import type { Locator } from 'playwright-core'
import { expect } from 'vitest'

/**
 * Waits until a <video> shows frames with real dimensions that keep coming (not a frozen or empty element), and
 * returns its dimensions. The element is read afresh on every poll: the app may replace one (a tile re-rendered),
 * and a replaced element lets go of its stream at once (useTrackElement), so waiting on the first element found
 * could wait on an empty one for ever.
 */
export async function expectVideoPlaying(video: Locator, { timeout = 60_000 } = {}): Promise<{ width: number; height: number }> {
  await video.waitFor({ state: 'visible', timeout })
  const read = () => video.evaluate((el: HTMLVideoElement) => ({ width: el.videoWidth, height: el.videoHeight, time: el.currentTime }))
  await expect.poll(async () => (await read()).width, { timeout }).toBeGreaterThan(0)
  const first = (await read()).time
  await expect.poll(async () => (await read()).time, { timeout: 30_000 }).toBeGreaterThan(first)
  const { width, height } = await read()
  return { width, height }
}

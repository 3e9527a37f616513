/**
 * Warm-up calls: while people wait for a visit, the pages send `{ warm: true }` to the callables the visit will
 * use, so the first real call meets a running instance instead of a cold start (loading the functions' code).
 * A callable answers one at once, before reading the caller or anything else: it proves nothing, reads nothing
 * and changes nothing, so it is as safe as a refused call.
 */
export const WARM_UP_REQUEST = { warm: true } as const

export type WarmUpResult = { warm: true }

/** Exactly `{ warm: true }`: any other payload is a real request and goes through the callable's checks. */
export function isWarmUpRequest(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false
  const keys = Object.keys(data)
  return keys.length === 1 && keys[0] === 'warm' && (data as { warm?: unknown }).warm === true
}

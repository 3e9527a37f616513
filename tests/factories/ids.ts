import { randomBytes } from 'node:crypto'

/**
 * An id no other test run or test file will produce, e.g. `rules-appointments-3f9c2a1b`.
 * Tests share one emulator and never clear it, so every seeded document gets a fresh id.
 */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`
}

/**
 * What a video visit costs, in credits.
 *
 * 2 credits per started 15-minute block, per patient, counted from when the practitioner joined (Start) to when
 * the visit ended. Before the visit, the console shows the estimate for the booked duration. Pure, so the estimate
 * the practitioner sees and the charge billing makes come from the same arithmetic.
 */

export const CREDITS_PER_BLOCK_PER_PATIENT = 2
export const BLOCK_MINUTES = 15
const BLOCK_MS = BLOCK_MINUTES * 60_000

/** Started 15-minute blocks in a duration: 0 ms is 0 blocks, 1 ms to 15 min is 1, 15 min + 1 ms is 2. */
export function startedBlocks(durationMs: number): number {
  return durationMs <= 0 ? 0 : Math.ceil(durationMs / BLOCK_MS)
}

export interface VisitCredits {
  blocks: number
  patients: number
  credits: number
}

/** The estimate shown before Start: the booked duration, for the patients booked. */
export function estimateVisitCredits(input: { start: Date; end: Date; patients: number }): VisitCredits {
  return creditsFor(input.end.getTime() - input.start.getTime(), input.patients)
}

/** The charge for a visit that ran from `joinedAt` (practitioner's Start) to `endedAt`, for the patients who joined. */
export function creditsForVisit(input: { joinedAt: Date; endedAt: Date; patients: number }): VisitCredits {
  return creditsFor(input.endedAt.getTime() - input.joinedAt.getTime(), input.patients)
}

function creditsFor(durationMs: number, patients: number): VisitCredits {
  const blocks = startedBlocks(durationMs)
  const count = Math.max(0, Math.floor(patients))
  return { blocks, patients: count, credits: blocks * count * CREDITS_PER_BLOCK_PER_PATIENT }
}

/**
 * What Start needs on the balance: the charge for the first 15-minute block for the patients booked (at least
 * one). A visit in progress is never cut off for lack of credit; only starting a new one is refused.
 */
export function creditsToStartVisit(bookedPatients: number): number {
  return CREDITS_PER_BLOCK_PER_PATIENT * Math.max(1, Math.floor(bookedPatients))
}

/** A phone call (next issue) needs at least this much to be placed: 1 credit per started minute. */
export const CREDITS_TO_START_CALL = 1

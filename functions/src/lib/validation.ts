import { HttpsError } from 'firebase-functions/v2/https'
import type { z } from 'zod'

/** Parses callable input, turning the first problem into an error message a person can act on. */
export function parseInput<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data)
  if (!result.success) {
    throw new HttpsError('invalid-argument', result.error.issues[0]?.message ?? 'The request is malformed.')
  }
  return result.data
}

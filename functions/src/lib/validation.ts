import { HttpsError } from 'firebase-functions/v2/https'
import { z } from 'zod'

/** Parses callable input, turning the first problem into an error message a person can act on. */
export function parseInput<T>(schema: z.ZodType<T>, data: unknown): T {
  const result = schema.safeParse(data)
  if (!result.success) {
    throw new HttpsError('invalid-argument', result.error.issues[0]?.message ?? 'The request is malformed.')
  }
  return result.data
}

/**
 * One Firestore document id that reaches a path: non-empty, at most 128 characters, no `/`, not `.` or `..`, and not
 * a reserved `__x__` form. Every id a callable, trigger or HTTP function puts into a path goes through this schema.
 */
export const documentId = (what = 'reference') =>
  z
    .string({ error: `The ${what} is missing.` })
    .min(1, `The ${what} is missing.`)
    .max(128, `The ${what} is malformed.`)
    .refine((s) => !s.includes('/') && s !== '.' && s !== '..' && !/^__.*__$/.test(s), `The ${what} is malformed.`)

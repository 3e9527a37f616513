import { HttpsError } from 'firebase-functions/v2/https'
import { z } from 'zod'

/** Parses callable input, turning the first problem into an error message a person can act on. */
export function parseInput<T>(schema: z.ZodType<T>, data: unknown): T {
  if (!hasOnlyPlainObjects(data)) throw new HttpsError('invalid-argument', 'The request is malformed.')
  const result = schema.safeParse(data)
  if (!result.success) {
    throw new HttpsError('invalid-argument', result.error.issues[0]?.message ?? 'The request is malformed.')
  }
  return result.data
}

/**
 * The callable decoder copies keys with plain assignment, so a `__proto__` key becomes the object's prototype and
 * its fields look inherited. Such input is refused before any schema reads it.
 */
function hasOnlyPlainObjects(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return true
  if (depth > 32) return false
  if (Array.isArray(value)) return value.every((item) => hasOnlyPlainObjects(item, depth + 1))
  if (Object.getPrototypeOf(value) !== Object.prototype) return false
  return Object.values(value).every((item) => hasOnlyPlainObjects(item, depth + 1))
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

/** The same test as {@link documentId}, for ids read from stored data or signed tokens rather than from a request. */
export function isDocumentId(value: unknown): value is string {
  return documentId().safeParse(value).success
}

/**
 * A callable's input object: unknown keys are refused (so `__proto__` and friends never reach the code), and a
 * payload that is not an object at all gets the same plain message.
 */
export const callableInput = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'The request has fields this function does not take.' : 'The request is malformed. Reload the page and try again.') })

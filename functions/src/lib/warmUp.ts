import type { CallableRequest } from 'firebase-functions/v2/https'
import { isWarmUpRequest, type WarmUpResult } from '../domain/warmUp'

/**
 * Wraps a callable's handler so a warm-up request (`{ warm: true }`, see domain/warmUp.ts) is answered at once:
 * the instance is then running for the real call that follows. Everything else reaches the handler unchanged.
 */
export function answeringWarmUp<Result>(
  handler: (request: CallableRequest) => Promise<Result>,
): (request: CallableRequest) => Promise<Result | WarmUpResult> {
  return async (request) => (isWarmUpRequest(request.data) ? { warm: true } : handler(request))
}

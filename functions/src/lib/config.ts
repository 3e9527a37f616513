import { setGlobalOptions } from 'firebase-functions/v2'

/** Region for every function; the web app reads the same value from VITE_FUNCTIONS_REGION. */
export const REGION = 'us-central1'

export function applyGlobalOptions(): void {
  // maxInstances bounds cost if a client misbehaves; callables are small and fast.
  setGlobalOptions({ region: REGION, maxInstances: 10 })
}

/**
 * The alert when records could not be read. With `owner` ("this practice's"), a refusal by the rules says so, as it is
 * not something reloading fixes.
 */
export function loadFailureMessage(noun: string, error: unknown, owner?: string): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
  return owner && code === 'permission-denied'
    ? `You don't have access to ${owner} ${noun}.`
    : `The ${noun} couldn't be loaded. Reload the page to try again.`
}

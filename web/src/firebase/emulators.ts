/** Emulator wiring, shared by app.ts and functions.ts. */

export const useEmulators = import.meta.env.VITE_USE_EMULATORS === 'true'

/** Splits a "host:port" override, falling back to the emulator suite defaults in firebase.json. */
export function emulatorAddress(override: string | undefined, fallback: string): { host: string; port: number } {
  const value = override?.trim() || fallback
  const separator = value.lastIndexOf(':')
  const port = Number(value.slice(separator + 1))
  if (separator <= 0 || !Number.isInteger(port)) {
    throw new Error(`Emulator address "${value}" must look like host:port.`)
  }
  return { host: value.slice(0, separator), port }
}

/**
 * Where the self view (picture-in-picture) sits on the stage. Kept as fractions of the free space (0 = left or
 * top edge, 1 = right or bottom edge) rather than pixels, so that it stays inside the stage and in the same corner
 * whatever the stage's size does (a window resized, a phone turned). Pure, for the tests.
 */

export interface PipPlacement {
  x: number
  y: number
}

/** The space the self view can move in: the stage's size minus the view's own. */
export interface FreeSpace {
  width: number
  height: number
}

/** Bottom right, out of the way of the other person's face. */
export const DEFAULT_PIP_PLACEMENT: PipPlacement = { x: 1, y: 1 }
/** One arrow key press moves the view this far; with Shift, PIP_BIG_STEP_PX. */
export const PIP_STEP_PX = 24
export const PIP_BIG_STEP_PX = 96

const clamp01 = (n: number) => Math.min(1, Math.max(0, n))

/** Moved by a pointer drag of (dx, dy) pixels from `from`, never outside the stage. */
export function dragPlacement(from: PipPlacement, dx: number, dy: number, free: FreeSpace): PipPlacement {
  return {
    x: free.width > 0 ? clamp01(from.x + dx / free.width) : from.x,
    y: free.height > 0 ? clamp01(from.y + dy / free.height) : from.y,
  }
}

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
}

/** Moved by an arrow key (Shift: a bigger step); null for any other key, which the view leaves alone. */
export function keyPlacement(from: PipPlacement, key: string, shift: boolean, free: FreeSpace): PipPlacement | null {
  const direction = ARROWS[key]
  if (!direction) return null
  const step = shift ? PIP_BIG_STEP_PX : PIP_STEP_PX
  return dragPlacement(from, direction[0] * step, direction[1] * step, free)
}

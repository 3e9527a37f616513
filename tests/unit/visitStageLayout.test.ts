import { describe, expect, it } from 'vitest'
import { HOLD_MS, NO_SPEAKER, SPEAKING_LEVEL, SWITCH_MARGIN, nextSpeaker } from '../../web/src/visit/activeSpeaker'
import { DEFAULT_PIP_PLACEMENT, PIP_BIG_STEP_PX, PIP_STEP_PX, dragPlacement, keyPlacement } from '../../web/src/visit/pipPlacement'

const levels = (entries: Record<string, number>) => new Map(Object.entries(entries))

describe('active speaker', () => {
  it('marks nobody while everyone is below the speaking level', () => {
    expect(nextSpeaker(NO_SPEAKER, levels({ a: SPEAKING_LEVEL - 0.01, b: 0.1 }), 1_000)).toEqual(NO_SPEAKER)
  })

  it('marks the loudest of those speaking', () => {
    expect(nextSpeaker(NO_SPEAKER, levels({ a: 0.5, b: 0.8, c: 0.2 }), 1_000)).toEqual({ id: 'b', heardAtMs: 1_000 })
  })

  it('keeps the ring on a speaker unless someone is louder by the margin', () => {
    const a = { id: 'a', heardAtMs: 1_000 }
    expect(nextSpeaker(a, levels({ a: 0.5, b: 0.5 + SWITCH_MARGIN / 2 }), 1_100).id).toBe('a')
    expect(nextSpeaker(a, levels({ a: 0.5, b: 0.5 + SWITCH_MARGIN }), 1_100).id).toBe('b')
  })

  it('holds the ring through a short pause, then lets it go', () => {
    const a = { id: 'a', heardAtMs: 1_000 }
    expect(nextSpeaker(a, levels({ a: 0, b: 0 }), 1_000 + HOLD_MS - 1)).toBe(a)
    expect(nextSpeaker(a, levels({ a: 0, b: 0 }), 1_000 + HOLD_MS)).toEqual(NO_SPEAKER)
    // Someone else speaking in the pause takes it at once.
    expect(nextSpeaker(a, levels({ a: 0, b: 0.6 }), 1_100)).toEqual({ id: 'b', heardAtMs: 1_100 })
  })

  it('lets go of a speaker who left (no level any more)', () => {
    expect(nextSpeaker({ id: 'gone', heardAtMs: 0 }, levels({ b: 0 }), HOLD_MS)).toEqual(NO_SPEAKER)
  })
})

describe('self view placement', () => {
  const free = { width: 400, height: 200 }

  it('starts bottom right', () => {
    expect(DEFAULT_PIP_PLACEMENT).toEqual({ x: 1, y: 1 })
  })

  it('follows a drag in pixels as a share of the free space', () => {
    expect(dragPlacement({ x: 1, y: 1 }, -100, -50, free)).toEqual({ x: 0.75, y: 0.75 })
  })

  it('never leaves the stage, however far it is dragged', () => {
    expect(dragPlacement({ x: 0.5, y: 0.5 }, -10_000, 10_000, free)).toEqual({ x: 0, y: 1 })
  })

  it('stays put on an axis with no free space (the stage no bigger than the view)', () => {
    expect(dragPlacement({ x: 0.3, y: 0.4 }, 50, 50, { width: 0, height: -10 })).toEqual({ x: 0.3, y: 0.4 })
  })

  it('moves a step per arrow key, a bigger one with Shift, and ignores other keys', () => {
    expect(keyPlacement({ x: 1, y: 1 }, 'ArrowLeft', false, free)).toEqual({ x: 1 - PIP_STEP_PX / 400, y: 1 })
    expect(keyPlacement({ x: 1, y: 1 }, 'ArrowUp', true, free)).toEqual({ x: 1, y: 1 - PIP_BIG_STEP_PX / 200 })
    expect(keyPlacement({ x: 1, y: 1 }, 'ArrowRight', false, free)).toEqual({ x: 1, y: 1 })
    expect(keyPlacement({ x: 1, y: 1 }, 'Enter', false, free)).toBeNull()
  })
})

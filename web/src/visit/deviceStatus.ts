/**
 * The state of the patient's camera, microphone and speaker for the status icons: one word each, shown with
 * text and an icon, never colour alone.
 */
export type DeviceStatus = 'ok' | 'off' | 'problem' | 'unchecked'

export type StatusDevice = 'video' | 'microphone' | 'speaker'

/** The status of a camera or microphone from its track, the user's off switch and any error opening it. */
export function trackStatus(input: { track: { readyState: string } | null; off: boolean; failed: boolean }): DeviceStatus {
  if (input.failed) return 'problem'
  if (!input.track) return 'unchecked'
  if (input.track.readyState === 'ended') return 'problem'
  return input.off ? 'off' : 'ok'
}

export const DEVICE_STATUS_TEXT: Record<StatusDevice, Record<DeviceStatus, string>> = {
  video: { ok: 'Camera on', off: 'Camera off', problem: 'Camera not working', unchecked: 'Camera not started' },
  microphone: {
    ok: 'Microphone on',
    off: 'Microphone muted',
    problem: 'Microphone not working',
    unchecked: 'Microphone not started',
  },
  speaker: { ok: 'Speaker works', off: 'Speaker off', problem: 'Speaker not heard', unchecked: 'Speaker not tested' },
}

/** While the screen is shared, the video slot shows it rather than the camera. */
export const SCREEN_STATUS_TEXT = 'Sharing screen'

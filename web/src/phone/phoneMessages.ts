/**
 * Plain messages for how a call ended and for the Voice SDK's error codes. Pure, so both lines and the unit tests
 * share them.
 */
import type { PhoneEndReason } from './PhoneLine'

export const END_MESSAGES: Record<PhoneEndReason, string> = {
  completed: 'Call ended.',
  busy: 'The line is busy. Try again later.',
  'no-answer': 'No answer.',
  failed: 'The call could not be connected. Check the number and try again.',
  canceled: 'Call cancelled.',
  refused: 'The call was refused.',
  'microphone-blocked': 'Your microphone is blocked. Allow this site to use the microphone in the browser, then call again.',
  token: 'Your phone session has expired. Close the call window and call again.',
  signalling: "Can't reach the phone service. Check your connection and try again.",
  media: 'The call audio could not be connected. Check your network or firewall and try again.',
}

/** Twilio Voice SDK error codes → why the call ended. Unknown codes are a plain failure. */
export function endReasonForTwilioError(code: number | undefined): PhoneEndReason {
  switch (code) {
    case 31401: // UserMedia PermissionDeniedError
    case 31402: // UserMedia AcquisitionFailedError
    case 31208: // Media: user denied access to media (older SDKs)
      return 'microphone-blocked'
    case 31486: // SIP Busy Here
      return 'busy'
    case 31480: // Temporarily Unavailable
    case 31408: // Request Timeout
      return 'no-answer'
    case 20101: // AccessTokenInvalid
    case 20104: // AccessTokenExpired
    case 31204: // JWT invalid
    case 31205: // JWT expired
      return 'token'
    case 53000: // Signalling connection error
    case 31005: // Connection error (gateway)
    case 31009: // Transport unavailable
      return 'signalling'
    case 53405: // Media connection failed
    case 31003: // ICE connection failed
      return 'media'
    default:
      return 'failed'
  }
}

/** Labels for the SDK's call quality warnings. */
export const QUALITY_WARNINGS: Record<string, string> = {
  'high-rtt': 'High delay on the line.',
  'high-jitter': 'The audio may be choppy.',
  'high-packet-loss': 'Audio is being lost on the network.',
  'low-mos': 'Call quality is poor.',
  'constant-audio-input-level': 'Your microphone seems silent. Check it is not muted.',
  'constant-audio-output-level': 'No audio is coming through from the other side.',
  'ice-connectivity-lost': 'The connection dropped. Trying to reconnect…',
}

export function qualityWarningMessage(warning: string): string {
  return QUALITY_WARNINGS[warning] ?? 'Call quality is reduced.'
}

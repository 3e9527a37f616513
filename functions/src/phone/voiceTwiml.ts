import twilio from 'twilio'

/**
 * TwiML the voice webhook answers. The browser leg joins a fresh one-to-one conference named after its own Call SID
 * (Twilio's reference components do the same): a conference, unlike a plain <Dial><Number>, lets the callee's leg be
 * put on hold with music and taken off again. The browser leg ends the conference when it leaves, so hanging up in
 * the browser ends the callee's leg too.
 */
export function conferenceTwiml(room: string): string {
  const response = new twilio.twiml.VoiceResponse()
  const dial = response.dial()
  dial.conference(
    {
      beep: 'false',
      startConferenceOnEnter: true,
      endConferenceOnExit: true,
      // No hold music for the caller while the callee's phone rings: the browser plays its own ringing tone.
      waitUrl: '',
      record: 'do-not-record',
    },
    room,
  )
  return response.toString()
}

/** A refusal the caller hears (the browser shows its own message); then the call ends. Nothing is dialled. */
export function refusalTwiml(message: string): string {
  const response = new twilio.twiml.VoiceResponse()
  response.say(message)
  response.hangup()
  return response.toString()
}

/** Hold music for the callee, played from the holdUrl while the browser leg has them on hold. */
export const HOLD_MUSIC_URL = 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3'

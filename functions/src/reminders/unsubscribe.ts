import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { UNSUBSCRIBE_KEY } from '../lib/config'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { verifyUnsubscribeToken } from './unsubscribeToken'
import { UnsubscribeInput } from './validation'

const CHANNEL_NAMES = { email: 'email', sms: 'SMS' } as const

/**
 * The email unsubscribe link, without signing in. The signed token names exactly one patient, practice and channel;
 * nothing in the request can point it at anyone else. Clicking twice is harmless and keeps the first opt-out time.
 */
export const unsubscribe = onCall({ secrets: [UNSUBSCRIBE_KEY] }, async (request) => {
  const { token } = parseInput(UnsubscribeInput, request.data)
  const verified = verifyUnsubscribeToken(token, UNSUBSCRIBE_KEY.value())
  if (!verified.ok) {
    throw new HttpsError(
      'invalid-argument',
      verified.reason === 'expired'
        ? 'This unsubscribe link has expired. Reply to the email or call the practice to stop reminders.'
        : "This unsubscribe link isn't valid. Check that you opened the whole link from the email.",
    )
  }
  const { practiceId, patientId, channel } = verified.claims
  const practice = await db().doc(paths.practice(practiceId)).get()
  const patientRef = db().doc(paths.patient(practiceId, patientId))
  await db().runTransaction(async (tx) => {
    const patient = await tx.get(patientRef)
    // A deleted record gets no reminders anyway; say it worked rather than reveal anything.
    if (!patient.exists || patient.get(`optOut.${channel}`)) return
    const source = channel === 'email' ? 'email-link' : 'sms-link'
    tx.update(patientRef, {
      [`optOut.${channel}`]: { at: FieldValue.serverTimestamp(), source },
      [`consent.${channel}.granted`]: false,
      [`consent.${channel}.updatedAt`]: FieldValue.serverTimestamp(),
      [`consent.${channel}.source`]: source,
      updatedAt: FieldValue.serverTimestamp(),
    })
  })
  logs.unsubscribed(practiceId, patientId, channel)
  return { channel, channelName: CHANNEL_NAMES[channel], practiceName: String(practice.get('name') ?? 'your practice') }
})

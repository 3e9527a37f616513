import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAudit } from '../audit/appendAudit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { phonePaths } from './phoneStore'
import { SavePhoneNumberInput } from './validation'

/**
 * Adds or changes one of the practice's Twilio numbers (owners only): its label, what it can do, and which members
 * may call from it. The number must already be bought in the practice's Twilio account (docs/phone.md).
 */
export const savePhoneNumber = onCall(async (request) => {
  const input = parseInput(SavePhoneNumberInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner'])
  const allowed = [...new Set(input.allowedMemberIds)]
  const members = await Promise.all(allowed.map((uid) => db().doc(paths.member(input.practiceId, uid)).get()))
  if (members.some((m) => !m.exists)) throw new HttpsError('invalid-argument', 'Only members of the practice can be allowed to call.')
  await db()
    .doc(phonePaths.number(input.practiceId, input.e164))
    .set({
      label: input.label,
      capabilities: { voice: input.voice, sms: input.sms },
      allowedMemberIds: allowed,
      updatedAt: FieldValue.serverTimestamp(),
      updatedBy: caller.uid,
    })
  await appendAudit(input.practiceId, {
    actor: caller,
    action: 'phoneNumber.saved',
    target: { type: 'phoneNumber', id: input.e164 },
    details: { members: allowed.length, voice: input.voice, sms: input.sms },
  })
  logs.phoneNumberSaved(input.practiceId)
  return { ok: true as const }
})

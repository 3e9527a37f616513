import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { templateKey, validateTemplate } from '../domain/reminderTemplate'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { SaveReminderTemplateInput } from '../reminders/validation'

/**
 * Saves a practice's template for one kind (an appointment location, or the video booking confirmation) and channel
 * (owners and staff). Unknown terms, and link or code terms in phone and in-person templates, are refused with the
 * term named, so a patient never gets "[Favourite Colour]" in a message.
 */
export const saveReminderTemplate = onCall(async (request) => {
  const input = parseInput(SaveReminderTemplateInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner', 'staff'])
  const problem = validateTemplate(input)
  if (problem) throw new HttpsError('invalid-argument', problem)
  const key = templateKey(input.kind, input.channel)
  await db()
    .doc(paths.template(input.practiceId, key))
    .set({
      kind: input.kind,
      channel: input.channel,
      ...(input.channel === 'email' ? { subject: (input.subject ?? '').trim() } : {}),
      body: input.body.trim(),
      updatedAt: FieldValue.serverTimestamp(),
      updatedBy: caller.uid,
    })
  logs.templateSaved(input.practiceId, key)
  return { ok: true as const }
})

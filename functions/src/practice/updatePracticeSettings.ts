import { FieldValue } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { changedProfileFields, practiceProfileProblems, type PracticeProfile } from '../domain/practiceSettings'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { UpdatePracticeSettingsInput } from './validation'

/**
 * The Settings page's save (owners): the practice's name, time zone, phone, opening hours and settings, checked
 * against the same limits as the security rules, written with an audit entry naming the changed fields (never
 * their values) in one transaction. Saving without a change writes nothing.
 */
export const updatePracticeSettings = onCall(async (request): Promise<{ changed: string[] }> => {
  const input = parseInput(UpdatePracticeSettingsInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner'])
  const profile: PracticeProfile = {
    name: input.name.trim(),
    timeZone: input.timeZone.trim(),
    phone: input.phone.trim(),
    openingHours: input.openingHours,
    settings: input.settings,
  }
  const problems = Object.values(practiceProfileProblems(profile))
  if (problems.length) throw new HttpsError('invalid-argument', problems[0]!)

  const practiceRef = db().doc(paths.practice(input.practiceId))
  const changed = await db().runTransaction(async (tx) => {
    const practice = await tx.get(practiceRef)
    if (!practice.exists) throw new HttpsError('not-found', 'This practice no longer exists.')
    const changed = changedProfileFields(practice.data() as Partial<PracticeProfile>, profile)
    if (!changed.length) return changed
    tx.update(practiceRef, { ...profile, updatedAt: FieldValue.serverTimestamp() })
    appendAuditInTransaction(tx, input.practiceId, {
      actor: { uid: caller.uid, role: caller.role },
      action: 'practice.updated',
      target: { type: 'practice', id: input.practiceId },
      details: { fields: changed.join(',') },
    })
    return changed
  })
  logs.practiceUpdated(input.practiceId, changed.length)
  return { changed }
})

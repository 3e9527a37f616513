import { isE164 } from '../domain/phoneNumbers'
import { db } from '../lib/db'
import { phonePaths, type RecipientKind } from './phoneStore'

export interface CallRecipient {
  kind: RecipientKind
  id: string
  name: string
  number: string
}

/**
 * The number to dial, looked up from the practice's own patient or professional contact, never taken from the
 * browser: a member can only ring people the practice has on file (no toll fraud through arbitrary numbers).
 */
export async function findRecipient(practiceId: string, kind: RecipientKind, id: string): Promise<CallRecipient | null> {
  const path = kind === 'patient' ? phonePaths.patient(practiceId, id) : phonePaths.contact(practiceId, id)
  const snap = await db().doc(path).get()
  if (!snap.exists) return null
  const number = kind === 'patient' ? snap.get('mobile') : snap.get('phone')
  if (!isE164(number)) return null
  const name = kind === 'patient' ? `${String(snap.get('firstName') ?? '')} ${String(snap.get('lastName') ?? '')}`.trim() : String(snap.get('name') ?? '')
  return { kind, id, name, number }
}

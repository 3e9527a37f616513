import { httpsCallable } from 'firebase/functions'
import type { PhoneAccessGrant } from '@/phone/PhoneLine'
import { functions } from './functions'

export const getPhoneAccess = httpsCallable<{ practiceId: string }, PhoneAccessGrant>(functions, 'getPhoneAccess')
export const holdCall = httpsCallable<{ practiceId: string; callSid: string; hold: boolean }, { held: boolean }>(functions, 'holdCall')
export const savePhoneNumber = httpsCallable<
  { practiceId: string; e164: string; label: string; voice: boolean; sms: boolean; allowedMemberIds: string[] },
  { ok: true }
>(functions, 'savePhoneNumber')

/**
 * Typed client for the practice settings callable (functions/src/practice). Show its errors with
 * `callableErrorMessage`.
 */
import type { PracticeProfile } from '@domain/practiceSettings'
import { httpsCallable } from 'firebase/functions'
import { functions } from './functions'

export type UpdatePracticeSettingsRequest = PracticeProfile & { practiceId: string }

export const updatePracticeSettings = httpsCallable<UpdatePracticeSettingsRequest, { changed: string[] }>(functions, 'updatePracticeSettings')

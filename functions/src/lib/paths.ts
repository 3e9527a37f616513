/**
 * The functions' view of the Firestore paths: the data model's paths themselves live in domain/paths.ts (shared
 * with the web app); collection groups and trigger patterns are the functions' own.
 */
export { paths } from '../domain/paths'

/** Collection-group ids (the last segment of a collection path) for queries across practices. */
export const collectionGroups = {
  members: 'members',
  participants: 'participants',
  patients: 'patients',
  reminders: 'reminders',
  visits: 'visits',
} as const

/** Document patterns for Firestore triggers. */
export const triggers = {
  member: 'practices/{practiceId}/members/{uid}',
  appointment: 'practices/{practiceId}/appointments/{appointmentId}',
  creditGrant: 'practices/{practiceId}/creditGrants/{grantId}',
} as const

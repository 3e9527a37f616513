/**
 * Every Firestore path the functions use, in one place (see docs/data-model.md). Adapters build references from
 * these (`db().doc(paths.appointment(p, a))`) rather than spelling segments by hand, so a collection is renamed or
 * moved here and nowhere else. Function triggers use the `{param}` patterns in {@link triggers}.
 */
export const paths = {
  practices: () => 'practices',
  practice: (practiceId: string) => `practices/${practiceId}`,
  members: (practiceId: string) => `practices/${practiceId}/members`,
  member: (practiceId: string, uid: string) => `practices/${practiceId}/members/${uid}`,
  patients: (practiceId: string) => `practices/${practiceId}/patients`,
  patient: (practiceId: string, patientId: string) => `practices/${practiceId}/patients/${patientId}`,
  appointments: (practiceId: string) => `practices/${practiceId}/appointments`,
  appointment: (practiceId: string, appointmentId: string) => `practices/${practiceId}/appointments/${appointmentId}`,
  /** The reminder outbox of one appointment. */
  reminders: (practiceId: string, appointmentId: string) => `practices/${practiceId}/appointments/${appointmentId}/reminders`,
  /** A practice's own text for one kind × channel; absent means the built-in default. */
  template: (practiceId: string, templateKey: string) => `practices/${practiceId}/templates/${templateKey}`,
  audit: (practiceId: string) => `practices/${practiceId}/audit`,
  /** The visit shares its id with its appointment. */
  visit: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}`,
  visitParticipants: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}/participants`,
  visitSignals: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}/signals`,
  /** Server-only: the per-visit media key. */
  visitMediaKey: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}/private/media`,
  user: (uid: string) => `users/${uid}`,
  /** Top level, keyed by the hash of the link token, so a link resolves without knowing the practice. */
  invites: () => 'invites',
  invite: (inviteId: string) => `invites/${inviteId}`,
  rateLimits: () => 'rateLimits',
  /** Trigger Email documents; prefixed with the appointment so one reminder id maps to one email. */
  mail: (appointmentId: string, reminderId: string) => `mail/${appointmentId}_${reminderId}`,
} as const

/** Collection-group ids (the last segment of a collection path) for queries across practices. */
export const collectionGroups = {
  members: 'members',
  patients: 'patients',
  reminders: 'reminders',
} as const

/** Document patterns for Firestore triggers. */
export const triggers = {
  member: 'practices/{practiceId}/members/{uid}',
  appointment: 'practices/{practiceId}/appointments/{appointmentId}',
} as const

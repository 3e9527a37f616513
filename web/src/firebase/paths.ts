/**
 * Every Firestore path the web app reads or writes, in one place (the functions keep theirs in
 * functions/src/lib/paths.ts; docs/data-model.md describes both). Plain strings, no SDK: the reference builders in
 * ./refs.ts (console) and ./visitRefs.ts (console and patient page) take them with whichever Firestore they are given.
 */
export const paths = {
  practice: (practiceId: string) => `practices/${practiceId}`,
  members: (practiceId: string) => `practices/${practiceId}/members`,
  member: (practiceId: string, uid: string) => `practices/${practiceId}/members/${uid}`,
  patients: (practiceId: string) => `practices/${practiceId}/patients`,
  patient: (practiceId: string, patientId: string) => `practices/${practiceId}/patients/${patientId}`,
  appointments: (practiceId: string) => `practices/${practiceId}/appointments`,
  appointment: (practiceId: string, appointmentId: string) => `practices/${practiceId}/appointments/${appointmentId}`,
  reminders: (practiceId: string, appointmentId: string) => `practices/${practiceId}/appointments/${appointmentId}/reminders`,
  templates: (practiceId: string) => `practices/${practiceId}/templates`,
  visit: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}`,
  visitParticipants: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}/participants`,
  visitParticipant: (practiceId: string, appointmentId: string, uid: string) =>
    `practices/${practiceId}/visits/${appointmentId}/participants/${uid}`,
  visitSignals: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}/signals`,
  user: (uid: string) => `users/${uid}`,
} as const

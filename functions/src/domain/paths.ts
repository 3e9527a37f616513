/**
 * Every Firestore path of the data model, in one place (see docs/data-model.md), for the functions and the web app
 * alike: plain strings, no SDK, so each side builds references with its own Firestore
 * (`db().doc(paths.appointment(p, a))` in functions, `doc(db, paths.appointment(p, a))` in the browser) and a
 * collection is renamed or moved here and nowhere else.
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
  templates: (practiceId: string) => `practices/${practiceId}/templates`,
  /** A practice's own text for one kind × channel; absent means the built-in default. */
  template: (practiceId: string, templateKey: string) => `practices/${practiceId}/templates/${templateKey}`,
  audit: (practiceId: string) => `practices/${practiceId}/audit`,
  visits: (practiceId: string) => `practices/${practiceId}/visits`,
  /** The visit shares its id with its appointment. */
  visit: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}`,
  visitParticipants: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}/participants`,
  visitParticipant: (practiceId: string, appointmentId: string, uid: string) =>
    `practices/${practiceId}/visits/${appointmentId}/participants/${uid}`,
  visitSignals: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}/signals`,
  /** Server-only: the per-visit media key. */
  visitMediaKey: (practiceId: string, appointmentId: string) => `practices/${practiceId}/visits/${appointmentId}/private/media`,
  /** The browser phone (docs/data-model.md, "Browser phone"): numbers keyed by E.164, the call log by Call SID. */
  phoneNumbers: (practiceId: string) => `practices/${practiceId}/phoneNumbers`,
  phoneNumber: (practiceId: string, e164: string) => `practices/${practiceId}/phoneNumbers/${e164}`,
  contacts: (practiceId: string) => `practices/${practiceId}/contacts`,
  contact: (practiceId: string, contactId: string) => `practices/${practiceId}/contacts/${contactId}`,
  calls: (practiceId: string) => `practices/${practiceId}/calls`,
  call: (practiceId: string, callSid: string) => `practices/${practiceId}/calls/${callSid}`,
  user: (uid: string) => `users/${uid}`,
  /** Top level, keyed by the hash of the link token; owners query them by practiceId. */
  memberInvitations: () => 'memberInvitations',
  /** The credit balance; moves only in the commit that appends its ledger entry. */
  creditBalance: (practiceId: string) => `practices/${practiceId}/billing/credits`,
  /** Who is settling the practice's pending visit charges right now (a lease; see settleVisitCharges). */
  settlementLease: (practiceId: string) => `practices/${practiceId}/billing/settlement`,
  /** Append-only; deterministic entry ids (`ledgerEntryId` in domain/ledger.ts). */
  creditLedger: (practiceId: string) => `practices/${practiceId}/creditLedger`,
  /** Created by an admin in the Firebase console; marked applied or rejected by onCreditGrantCreated. */
  creditGrant: (practiceId: string, grantId: string) => `practices/${practiceId}/creditGrants/${grantId}`,
  /** Top level, keyed by the hash of the link token, so a link resolves without knowing the practice. */
  invites: () => 'invites',
  invite: (inviteId: string) => `invites/${inviteId}`,
  rateLimits: () => 'rateLimits',
  /** Trigger Email documents; prefixed with the appointment so one reminder id maps to one email. */
  mail: (appointmentId: string, reminderId: string) => `mail/${appointmentId}_${reminderId}`,
} as const

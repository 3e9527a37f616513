/**
 * Who acts in a video visit's rules tests (visits, chat, the security review): the practice's team, a practitioner
 * who is not the visit's, and patients, each by the custom token redeemInvite mints — one of the visit, one of
 * another appointment, and one whose invite is used (they left with End call).
 */
import type { DocumentData, Firestore } from 'firebase/firestore'
import { paths } from '../../../functions/src/domain/paths'
import { patientUid, type PatientClaims } from '../../../functions/src/domain/visit'
import { uniqueId } from '../../factories/ids'
import { anInvite, patientClaimsFor, type InviteStatus } from '../../factories/visit'
import { ACTORS, firestoreOf, type Actor, type RulesFile } from '../rulesTestEnv'

export const PATIENT_ACTORS = ['patient', 'patient of another appointment', 'patient whose invite is used'] as const
export type PatientActor = (typeof PATIENT_ACTORS)[number]
export type VisitActor = Actor | 'other practitioner' | PatientActor
export const VISIT_ACTORS: readonly VisitActor[] = [...ACTORS, 'other practitioner', ...PATIENT_ACTORS]

export function isPatientActor(actor: VisitActor): actor is PatientActor {
  return (PATIENT_ACTORS as readonly string[]).includes(actor)
}

/** Adds to `docs` an invite for a new patient of `appointmentId`, and returns the claims its token carries. */
export function seedPatientInvite(
  docs: Record<string, DocumentData>,
  practiceId: string,
  appointmentId: string,
  status: InviteStatus = 'active',
): PatientClaims {
  const inviteId = uniqueId('invite')
  const invite = anInvite({ practiceId, appointmentId, patientId: uniqueId('patient'), status })
  docs[paths.invite(inviteId)] = invite
  return patientClaimsFor(inviteId, invite)
}

export interface VisitActors {
  /** Each patient actor's token claims: the file's seeding fills them in (with {@link seedPatientInvite}). */
  readonly claims: Record<PatientActor, PatientClaims>
  /** The uid the actor acts under: a member's own, or `patient-{inviteId}` for a patient. */
  uidOf(actor: VisitActor): string
  /** A Firestore client signed in as the actor. */
  as(actor: VisitActor): Firestore
  /**
   * Picks the ids of the visit and of another appointment of the practice, adds to `docs` the patient actors'
   * invites and fills in their {@link claims}: `patient` and `patient whose invite is used` of the visit,
   * `patient of another appointment` of the other one.
   */
  seedPatients(docs: Record<string, DocumentData>): { appointmentId: string; otherAppointmentId: string }
}

/** The visit's actors for one rules test file. */
export function visitActors(rules: RulesFile): VisitActors {
  const claims = {} as Record<PatientActor, PatientClaims>
  return {
    claims,
    uidOf(actor) {
      if (isPatientActor(actor)) return patientUid(claims[actor].inviteId)
      switch (actor) {
        case 'signed out':
          return 'nobody'
        case 'member of another practice':
          return rules.team.outsider
        case 'other practitioner':
          return rules.team.otherPractitioner
        default:
          return rules.team[actor]
      }
    },
    as(actor) {
      if (isPatientActor(actor)) return rules.asPatient(claims[actor])
      if (actor !== 'other practitioner') return rules.as(actor)
      const { otherPractitioner, practiceId } = rules.team
      return firestoreOf(rules.env.authenticatedContext(otherPractitioner, { roles: { [practiceId]: 'practitioner' }, email_verified: true }))
    },
    seedPatients(docs) {
      const { practiceId } = rules.team
      const appointmentId = uniqueId('appointment')
      const otherAppointmentId = uniqueId('appointment')
      claims.patient = seedPatientInvite(docs, practiceId, appointmentId)
      claims['patient whose invite is used'] = seedPatientInvite(docs, practiceId, appointmentId, 'used')
      claims['patient of another appointment'] = seedPatientInvite(docs, practiceId, otherAppointmentId)
      return { appointmentId, otherAppointmentId }
    },
  }
}

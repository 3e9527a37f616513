/**
 * Shared set-up for the Firestore rules tests: the emulator connection, a seeded practice team, and a
 * runner for who-is-acting × operation matrices.
 *
 * The emulator is shared with other test files and is never cleared (clearing would wipe their data),
 * so every file seeds its own practices under fresh ids (`rules-…`).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing'
import { doc, setDoc, setLogLevel, type DocumentData, type Firestore } from 'firebase/firestore'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { aMember, aPractice, aUser, type Role } from '../factories/practice'
import { uniqueId } from '../factories/ids'
import { patientUid, type PatientClaims } from '../../functions/src/domain/visit'

// Denied requests are the point of most tests; the SDK would log each one as an error.
setLogLevel('silent')

const RULES_PATH = fileURLToPath(new URL('../../firestore.rules', import.meta.url))

function emulatorAddress(): { host: string; port: number } {
  const [host = '127.0.0.1', port = '8080'] = (process.env.FIRESTORE_EMULATOR_HOST ?? '127.0.0.1:8080').split(':')
  return { host, port: Number(port) }
}

export function startRulesTestEnv(): Promise<RulesTestEnvironment> {
  return initializeTestEnvironment({
    projectId: 'demo-telehealth',
    firestore: { rules: readFileSync(RULES_PATH, 'utf8'), ...emulatorAddress() },
  })
}

/** The modular SDK's view of a test context's Firestore (the context hands out a compat instance). */
export function firestoreOf(context: RulesTestContext): Firestore {
  return context.firestore() as unknown as Firestore
}

/** Writes documents as an administrator would (rules bypassed). */
export async function seed(env: RulesTestEnvironment, docs: Record<string, DocumentData>): Promise<void> {
  await env.withSecurityRulesDisabled(async (context) => {
    const db = firestoreOf(context)
    await Promise.all(Object.entries(docs).map(([path, data]) => setDoc(doc(db, path), data)))
  })
}

/** The people around one practice. `outsider` owns a different practice. */
export interface Team {
  practiceId: string
  otherPracticeId: string
  owner: string
  practitioner: string
  otherPractitioner: string
  staff: string
  outsider: string
}

/**
 * Seeds a practice with an owner, two practitioners and a staff member, plus a second practice owned by
 * `outsider`. Their users/{uid} mirrors are seeded too, as syncMemberClaims would write them.
 */
export async function seedTeam(env: RulesTestEnvironment, prefix: string): Promise<Team> {
  const team: Team = {
    practiceId: uniqueId(`rules-${prefix}`),
    otherPracticeId: uniqueId(`rules-${prefix}-other`),
    owner: uniqueId('owner'),
    practitioner: uniqueId('practitioner'),
    otherPractitioner: uniqueId('practitioner'),
    staff: uniqueId('staff'),
    outsider: uniqueId('outsider'),
  }
  const members: [string, string, Role][] = [
    [team.practiceId, team.owner, 'owner'],
    [team.practiceId, team.practitioner, 'practitioner'],
    [team.practiceId, team.otherPractitioner, 'practitioner'],
    [team.practiceId, team.staff, 'staff'],
    [team.otherPracticeId, team.outsider, 'owner'],
  ]
  const docs: Record<string, DocumentData> = {
    [`practices/${team.practiceId}`]: aPractice(),
    [`practices/${team.otherPracticeId}`]: aPractice({ name: 'Westside Physio' }),
  }
  for (const [practiceId, uid, role] of members) {
    docs[`practices/${practiceId}/members/${uid}`] = aMember({ uid, role })
    docs[`users/${uid}`] = aUser({ roles: { [practiceId]: role } })
  }
  await seed(env, docs)
  return team
}

export const ACTORS = ['signed out', 'member of another practice', 'staff', 'practitioner', 'owner'] as const
export type Actor = (typeof ACTORS)[number]

/** A Firestore client signed in as `actor`, with the role claims syncMemberClaims would have set. */
export function firestoreAs(env: RulesTestEnvironment, team: Team, actor: Actor): Firestore {
  const signedIn = (uid: string, practiceId: string, role: Role) =>
    firestoreOf(env.authenticatedContext(uid, { roles: { [practiceId]: role }, email_verified: true }))
  switch (actor) {
    case 'signed out':
      return firestoreOf(env.unauthenticatedContext())
    case 'member of another practice':
      return signedIn(team.outsider, team.otherPracticeId, 'owner')
    case 'staff':
      return signedIn(team.staff, team.practiceId, 'staff')
    case 'practitioner':
      return signedIn(team.practitioner, team.practiceId, 'practitioner')
    case 'owner':
      return signedIn(team.owner, team.practiceId, 'owner')
  }
}

/**
 * A Firestore client signed in as a patient: a custom token as redeemInvite mints it, uid
 * `patient-{inviteId}` and claims `{ patient: { practiceId, appointmentId, inviteId, patientId } }`.
 */
export function firestoreAsPatient(env: RulesTestEnvironment, claims: PatientClaims): Firestore {
  return firestoreOf(env.authenticatedContext(patientUid(claims.inviteId), { patient: { ...claims } }))
}

export const OPERATIONS = ['get', 'list', 'create', 'update', 'delete'] as const
export type Operation = (typeof OPERATIONS)[number]

export const allow = 'allow'
export const deny = 'deny'
export type Verdict = typeof allow | typeof deny

export type AccessMatrix<A extends string> = Record<A, Record<Operation, Verdict>>

/** The most common shape: every member of the practice reads; nobody writes from a client (functions do). */
export const MEMBERS_READ_ONLY: AccessMatrix<Actor> = {
  'signed out': { get: deny, list: deny, create: deny, update: deny, delete: deny },
  'member of another practice': { get: deny, list: deny, create: deny, update: deny, delete: deny },
  staff: { get: allow, list: allow, create: deny, update: deny, delete: deny },
  practitioner: { get: allow, list: allow, create: deny, update: deny, delete: deny },
  owner: { get: allow, list: allow, create: deny, update: deny, delete: deny },
}

export interface MatrixSpec<A extends string> {
  /** What is being acted on, as it reads in a test name: "a patient", "the practice". */
  subject: Record<Operation, string>
  /** Who may do what; every cell becomes one test. */
  access: AccessMatrix<A>
  /** A Firestore client for an actor; called inside the test, after the `beforeAll` seeding. */
  as: (actor: A) => Firestore
  /** One request per operation, against the seeded data; `actor` for requests that depend on who acts (their own uid). */
  run: Record<Operation, (db: Firestore, actor: A) => Promise<unknown>>
}

/**
 * One describe per actor, one test per operation: "staff cannot delete a patient". Allowed cells
 * are asserted with assertSucceeds, denied ones with assertFails.
 */
export function describeAccessMatrix<A extends string>(collection: string, spec: MatrixSpec<A>): void {
  for (const actor of Object.keys(spec.access) as A[]) {
    describe(`${collection}: ${actor}`, () => {
      for (const operation of OPERATIONS) {
        const verdict = spec.access[actor][operation]
        const name = `${actor} ${verdict === allow ? 'can' : 'cannot'} ${operation} ${spec.subject[operation]}`
        it(name, async () => {
          const request = spec.run[operation](spec.as(actor), actor)
          if (verdict === allow) await assertSucceeds(request)
          else await assertFails(request)
        })
      }
    })
  }
}

/**
 * The set-up every rules test file shares: before its tests, start the rules environment, seed a team, then
 * `seedMore` (the file's own documents); after them, clean up. Read `env` and `team` from the returned object in
 * tests and hooks (they are set once the file's beforeAll has run).
 */
export function rulesTestFile(
  prefix: string,
  seedMore?: (env: RulesTestEnvironment, team: Team) => Promise<void> | void,
): { readonly env: RulesTestEnvironment; readonly team: Team } {
  const file = {} as { env: RulesTestEnvironment; team: Team }
  beforeAll(async () => {
    file.env = await startRulesTestEnv()
    file.team = await seedTeam(file.env, prefix)
    await seedMore?.(file.env, file.team)
    // Starting the environment and seeding are a handful of emulator round trips: on a loaded machine they take
    // longer than vitest's default 10 s for a hook.
  }, 60_000)
  afterAll(async () => {
    await file.env?.cleanup()
  })
  return file
}

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
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  setDoc,
  setLogLevel,
  updateDoc,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore'
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

/** One actor's row of a matrix: the operations named are allowed, every other one denied. */
export function only(...allowed: Operation[]): Record<Operation, Verdict> {
  return Object.fromEntries(OPERATIONS.map((operation) => [operation, allowed.includes(operation) ? allow : deny])) as Record<
    Operation,
    Verdict
  >
}

export const NO_ACCESS = only()
export const READS = only('get', 'list')
export const FULL_ACCESS = only(...OPERATIONS)

/**
 * The matrix of a collection inside a practice: nobody signed out and no member of another practice gets in, so a
 * table states only what each of the practice's own roles may do (and a forgotten role is still a compile error).
 */
export function practiceAccess(roles: Record<Role, Record<Operation, Verdict>>): AccessMatrix<Actor> {
  return { 'signed out': NO_ACCESS, 'member of another practice': NO_ACCESS, ...roles }
}

/** The most common shape: every member of the practice reads; nobody writes from a client (functions do). */
export const MEMBERS_READ_ONLY = practiceAccess({ staff: READS, practitioner: READS, owner: READS })

/** Owners read; nobody writes from a client, not even an owner (functions, or an admin in the Firebase console, do). */
export const OWNERS_READ_ONLY = practiceAccess({ staff: NO_ACCESS, practitioner: NO_ACCESS, owner: READS })

/** Test names for a collection whose operations all act on one document but `list`: "a grant", "the grants". */
export function subjectsOf(one: string, many: string): Record<Operation, string> {
  return { get: one, list: many, create: one, update: one, delete: one }
}

/** What a matrix acts on when every operation but `create` targets one seeded document. */
export interface DocumentTarget {
  /** The seeded document that get, update and delete act on. */
  document: () => string
  /** The collection list reads. */
  collection: () => string
  /** A new document: where and what (per actor where one actor's create must not collide with another's). */
  create: (actor: string) => { path: string; data: DocumentData }
  /** The change update makes to the seeded document. */
  update: () => DocumentData
}

/** The five plain requests against a {@link DocumentTarget}; spread it and override a cell that needs more (a query). */
export function documentRequests(target: DocumentTarget): Record<Operation, (db: Firestore, actor: string) => Promise<unknown>> {
  return {
    get: (db) => getDoc(doc(db, target.document())),
    list: (db) => getDocs(collection(db, target.collection())),
    create: (db, actor) => {
      const { path, data } = target.create(actor)
      return setDoc(doc(db, path), data)
    },
    update: (db) => updateDoc(doc(db, target.document()), target.update()),
    delete: (db) => deleteDoc(doc(db, target.document())),
  }
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

/** A rules test file's environment and team, and its clients: set once the file's beforeAll has run. */
export interface RulesFile {
  readonly env: RulesTestEnvironment
  readonly team: Team
  /** A Firestore client signed in as one of the team (see {@link firestoreAs}). */
  as(actor: Actor): Firestore
  /** A Firestore client signed in with a patient token (see {@link firestoreAsPatient}). */
  asPatient(claims: PatientClaims): Firestore
}

/**
 * The set-up every rules test file shares: before its tests, start the rules environment, seed a team, then
 * `seedMore` (the file's own documents); after them, clean up. Read `env` and `team` from the returned object in
 * tests and hooks (they are set once the file's beforeAll has run).
 */
export function rulesTestFile(
  prefix: string,
  seedMore?: (env: RulesTestEnvironment, team: Team) => Promise<void> | void,
): RulesFile {
  const file: RulesFile & { env: RulesTestEnvironment; team: Team } = {
    env: undefined as unknown as RulesTestEnvironment,
    team: undefined as unknown as Team,
    as: (actor) => firestoreAs(file.env, file.team, actor),
    asPatient: (claims) => firestoreAsPatient(file.env, claims),
  }
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

/**
 * Who may call what: every callable that checks a practice role, called as every kind of member, in one typed table
 * (like the rules matrix in tests/rules/rulesTestEnv.ts). A `Record<Actor, Verdict>` per callable makes a forgotten
 * cell a compile error, and the last test fails when the functions export a callable that is neither in the table
 * nor named as open to anyone, so a new callable cannot slip past.
 *
 * A denied cell asserts `permission-denied` and that the target (every document the call could write) is exactly
 * as it was. An allowed cell asserts only that the role check let the caller through: the call may still stop on a
 * later rule, with any code but `permission-denied`. Each cell arranges its own target.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { FieldValue } from 'firebase-admin/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listFunctionEndpoints } from '../../scripts/lib/functionEndpoints'
import { aCall, aCallSid, aPhoneNumber } from '../factories/phone'
import { adjustCredits } from './support/credits'
import { admin, closeClients, createAccount, eventually, expectCallableError, signedInClient } from './support/emulators'

type Verdict = 'allowed' | 'denied'
/** `practitioner` is the appointment's own practitioner; `otherPractitioner` practises in the same clinic. */
const ACTORS = ['owner', 'practitioner', 'otherPractitioner', 'staff', 'otherPracticeOwner'] as const
type Actor = (typeof ACTORS)[number]

const practiceId = `fn-roles-${randomUUID().slice(0, 8)}`
const otherPracticeId = `${practiceId}-other`
const MINUTE = 60_000
const practice = () => admin().db.doc(`practices/${practiceId}`)
const appointment = (appointmentId: string) => practice().collection('appointments').doc(appointmentId)
type Account = Awaited<ReturnType<typeof createAccount>>
type Caller = { call: <T = unknown>(name: string, data: unknown) => Promise<T> }
const accounts = {} as Record<Actor, Account>
const callers = {} as Record<Actor, Caller>

async function addMemberDoc(practicePath: string, account: Account, role: string) {
  await admin().db.doc(`${practicePath}/members/${account.uid}`).set({ uid: account.uid, email: account.email, displayName: account.email, role, createdAt: FieldValue.serverTimestamp() })
}

/** A scheduled video appointment of `practitioner` starting in five minutes (inside the join window), with an active invite. */
async function videoAppointment(): Promise<string> {
  const appointmentId = `appt-${randomBytes(4).toString('hex')}`
  const start = new Date(Date.now() + 5 * MINUTE)
  await appointment(appointmentId).set({
    practitionerId: accounts.practitioner.uid,
    practitionerName: 'Dr Own',
    start,
    end: new Date(start.getTime() + 30 * MINUTE),
    location: 'video',
    status: 'scheduled',
    patientIds: ['p1'],
    patients: [{ id: 'p1', firstName: 'Pat', lastName: 'One' }],
    notes: '',
  })
  await admin().db.doc(`invites/${randomBytes(32).toString('hex')}`).set({ practiceId, appointmentId, patientId: 'p1', nonce: randomBytes(16).toString('hex'), codeHash: 'h', status: 'active', failedAttempts: 0 })
  // planReminders answers the new appointment with its outbox (in one transaction): let it land before the
  // "before" picture, so that only the call under test can change what follows.
  await eventually(async () => ((await appointment(appointmentId).collection('reminders').limit(1).get()).empty ? undefined : true))
  return appointmentId
}

/** Someone to re-role or remove: a fresh staff member. */
async function memberTarget(): Promise<Account> {
  const target = await createAccount('Target')
  await addMemberDoc(practice().path, target, 'staff')
  return target
}

/** Everything an appointment-scoped call could write: the appointment, its visit, invites, reminders and audit. */
async function appointmentState(appointmentId: string): Promise<unknown> {
  const [doc, visit, invites, reminders, audit] = await Promise.all([
    appointment(appointmentId).get(),
    practice().collection('visits').doc(appointmentId).get(),
    admin().db.collection('invites').where('appointmentId', '==', appointmentId).get(),
    appointment(appointmentId).collection('reminders').get(),
    practice().collection('audit').where('target.id', '==', appointmentId).get(),
  ])
  return { appointment: doc.data(), visit: visit.data() ?? null, invites: invites.docs.map((d) => d.data()), reminders: reminders.docs.map((d) => d.data()), audit: audit.size }
}

async function memberState(uid: string): Promise<unknown> {
  const [member, audit] = await Promise.all([practice().collection('members').doc(uid).get(), practice().collection('audit').where('target.id', '==', uid).get()])
  return { member: member.data() ?? null, audit: audit.size }
}

/** A file shared in the visit of a fresh video appointment, with everything a call about it could change. */
async function attachmentTarget(status: 'uploading' | 'clean') {
  const appointmentId = await videoAppointment()
  const attachmentId = randomUUID()
  const attachment = practice().collection('visits').doc(appointmentId).collection('attachments').doc(attachmentId)
  await attachment.set({ uploaderId: accounts.practitioner.uid, uploaderName: 'Dr Own', fileName: 'notes.pdf', contentType: 'application/pdf', sizeBytes: 9, chunkCount: 1, status })
  await attachment.collection('chunks').doc('0').set({ index: 0, data: Buffer.from('%PDF-1.7\n') })
  return {
    data: { practiceId, appointmentId, attachmentId },
    state: async () => {
      const [file, chunks, audit] = await Promise.all([attachment.get(), attachment.collection('chunks').get(), practice().collection('audit').where('target.id', '==', attachmentId).get()])
      return { visit: await appointmentState(appointmentId), file: file.data() ?? null, chunks: chunks.size, audit: audit.size }
    },
  }
}

const phoneNumber = (e164: string) => practice().collection('phoneNumbers').doc(e164)
const uniqueE164 = () => `+6140${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`

/** A callable under test: arrange a fresh target, the call to make on it, and a read of everything it could change. */
interface Case {
  arrange(): Promise<{ data: unknown; state: () => Promise<unknown> }>
  verdicts: Record<Actor, Verdict>
}

const forAppointment = (input: (appointmentId: string) => Record<string, unknown>) => async () => {
  const appointmentId = await videoAppointment()
  return { data: { practiceId, appointmentId, ...input(appointmentId) }, state: () => appointmentState(appointmentId) }
}

/** The members of the practice under test (the other practice's owner is not one). */
const MEMBERS = ['owner', 'practitioner', 'otherPractitioner', 'staff'] as const satisfies readonly Actor[]

/** The practice's profile as the Settings page edits it (updatePracticeSettings saves the same). */
const PROFILE = { name: 'Roles Clinic', timeZone: 'Australia/Sydney', phone: '+61290000009', settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15 } }
const OPENING_HOURS = { mon: { open: '08:00', close: '18:00' }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null }

/** A row of the table: the actors named are allowed, every other one denied. */
function allowedFor(...allowed: Actor[]): Record<Actor, Verdict> {
  return Object.fromEntries(ACTORS.map((actor) => [actor, allowed.includes(actor) ? 'allowed' : 'denied'])) as Record<Actor, Verdict>
}

const ownerOnly = allowedFor('owner')

/** A row for a callable that acts on a fresh video appointment; `input` adds to `{ practiceId, appointmentId }`. */
function onAppointment(verdicts: Record<Actor, Verdict>, input: (appointmentId: string) => Record<string, unknown> = () => ({})): Case {
  return { arrange: forAppointment(input), verdicts }
}

/** The table. A new role-checked callable gets a row here (the completeness test below insists). */
const MATRIX: Record<string, Case> = {
  inviteMember: {
    async arrange() {
      const email = `invited.${randomUUID().slice(0, 8)}@test.example`
      return {
        data: { practiceId, email, displayName: 'Invited', role: 'staff' },
        state: async () => {
          const [invitations, mail, members] = await Promise.all([
            admin().db.collection('memberInvitations').where('email', '==', email).get(),
            admin().db.collection('mail').where('to', '==', email).get(),
            practice().collection('members').where('email', '==', email).get(),
          ])
          return { invitations: invitations.size, mail: mail.size, members: members.size }
        },
      }
    },
    verdicts: ownerOnly,
  },
  revokeMemberInvitation: {
    async arrange() {
      const invitation = admin().db.collection('memberInvitations').doc(randomBytes(32).toString('hex'))
      await invitation.set({
        practiceId,
        email: `pending.${randomUUID().slice(0, 8)}@test.example`,
        displayName: 'Pending',
        role: 'staff',
        status: 'pending',
        invitedBy: accounts.owner.uid,
        createdAt: FieldValue.serverTimestamp(),
        expiresAt: new Date(Date.now() + 7 * 24 * 60 * MINUTE),
      })
      return {
        data: { practiceId, invitationId: invitation.id },
        state: async () => ({ invitation: (await invitation.get()).data(), audit: (await practice().collection('audit').where('target.id', '==', invitation.id).get()).size }),
      }
    },
    verdicts: ownerOnly,
  },
  changeMemberRole: {
    async arrange() {
      const target = await memberTarget()
      return { data: { practiceId, uid: target.uid, role: 'owner' }, state: () => memberState(target.uid) }
    },
    verdicts: ownerOnly,
  },
  removeMember: {
    async arrange() {
      const target = await memberTarget()
      return { data: { practiceId, uid: target.uid }, state: () => memberState(target.uid) }
    },
    verdicts: ownerOnly,
  },
  saveReminderTemplate: {
    async arrange() {
      const template = practice().collection('templates').doc('phone_sms')
      await template.set({ kind: 'phone', channel: 'sms', body: `Before ${randomUUID()}` })
      return { data: { practiceId, kind: 'phone', channel: 'sms', body: 'Hi [First Name], see you soon.' }, state: async () => (await template.get()).data() }
    },
    verdicts: allowedFor('owner', 'staff'),
  },
  saveAppointment: onAppointment(allowedFor('owner', 'practitioner', 'staff'), () => ({
    practitionerId: accounts.practitioner.uid,
    start: new Date(Date.now() + 24 * 60 * MINUTE).toISOString(),
    durationMinutes: 45,
    location: 'video',
    patientIds: ['p1'],
    // Every row books the same practitioner at the same time.
    allowOverlap: true,
  })),
  cancelAppointment: onAppointment(allowedFor('owner', 'practitioner', 'staff'), () => ({ reason: 'Matrix' })),
  revealInvites: onAppointment(allowedFor('owner', 'practitioner', 'staff')),
  resendInvite: onAppointment(allowedFor('owner', 'practitioner', 'staff'), () => ({ patientId: 'p1', channel: 'sms' })),
  reissueInvite: onAppointment(allowedFor('owner', 'practitioner', 'staff'), () => ({ patientId: 'p1' })),
  startVisit: onAppointment(allowedFor('practitioner')),
  endVisit: onAppointment(allowedFor('owner', 'practitioner')),
  getMediaAccess: onAppointment(allowedFor('practitioner')),
  leaveVisit: onAppointment(allowedFor()),
  // Files are the visit participants' only: the uploader (here the appointment's practitioner) scans, a participant opens.
  scanAttachment: {
    arrange: () => attachmentTarget('uploading'),
    verdicts: allowedFor('practitioner'),
  },
  recordAttachmentOpened: {
    arrange: () => attachmentTarget('clean'),
    verdicts: allowedFor('practitioner'),
  },
  updatePracticeSettings: {
    async arrange() {
      // The profile the practice already has (so an owner's save leaves the other rows' practice as it was).
      const data = { practiceId, ...PROFILE, openingHours: OPENING_HOURS, settings: { ...PROFILE.settings, lowBalanceCredits: 5 } }
      return { data, state: async () => ({ practice: (await practice().get()).data(), audit: (await practice().collection('audit').where('target.id', '==', practiceId).get()).size }) }
    },
    verdicts: ownerOnly,
  },
  savePhoneNumber: {
    async arrange() {
      const e164 = uniqueE164()
      return {
        data: { practiceId, e164, label: 'Matrix line', voice: true, sms: false, allowedMemberIds: [accounts.staff.uid] },
        state: async () => ({ number: (await phoneNumber(e164).get()).data() ?? null, audit: (await practice().collection('audit').where('target.id', '==', e164).get()).size }),
      }
    },
    verdicts: ownerOnly,
  },
  // Any member may ask for a Voice token (no credits here, so an allowed member stops at the balance check).
  getPhoneAccess: {
    async arrange() {
      const e164 = uniqueE164()
      await phoneNumber(e164).set(aPhoneNumber({ allowedMemberIds: MEMBERS.map((actor) => accounts[actor].uid) }))
      return { data: { practiceId }, state: async () => (await phoneNumber(e164).get()).data() }
    },
    verdicts: allowedFor(...MEMBERS),
  },
  // The role check lets any member through; then only the placer may hold (a finished call: nothing reaches Twilio).
  // The practitioner it was placed on behalf of sees the call and is refused; members who cannot see it read not-found.
  holdCall: {
    async arrange() {
      const callSid = aCallSid()
      const call = practice().collection('calls').doc(callSid)
      await call.set(aCall({ callSid, placedBy: accounts.staff.uid, onBehalfOf: accounts.practitioner.uid, visibleTo: [accounts.staff.uid, accounts.practitioner.uid], status: 'completed' }))
      return { data: { practiceId, callSid, hold: true }, state: async () => (await call.get()).data() }
    },
    verdicts: allowedFor('owner', 'otherPractitioner', 'staff'),
  },
}

/**
 * Callables anyone may call (a patient's link, an unsubscribe link, a member invitation link): they check a secret,
 * not a role.
 */
const OPEN_TO_ANYONE = ['checkInvite', 'redeemInvite', 'unsubscribe', 'checkMemberInvitation', 'acceptMemberInvitation']

beforeAll(async () => {
  await practice().set({ ...PROFILE, openingHours: OPENING_HOURS })
  // Enough credit that the practitioner's Start gets past the balance check.
  await adjustCredits(practiceId, 1_000)
  await practice().collection('patients').doc('p1').set({ firstName: 'Pat', lastName: 'One', dateOfBirth: '1980-01-01', email: null, mobile: '+61400000009', consent: { sms: { granted: true } } })
  await admin().db.doc(`practices/${otherPracticeId}`).set({ name: 'Elsewhere', timeZone: 'Australia/Sydney', phone: '+61290000010' })
  const roles: Record<Actor, [string, string]> = {
    owner: [practice().path, 'owner'],
    practitioner: [practice().path, 'practitioner'],
    otherPractitioner: [practice().path, 'practitioner'],
    staff: [practice().path, 'staff'],
    otherPracticeOwner: [`practices/${otherPracticeId}`, 'owner'],
  }
  for (const actor of ACTORS) {
    accounts[actor] = await createAccount(actor)
    const [practicePath, role] = roles[actor]
    await addMemberDoc(practicePath, accounts[actor], role)
    callers[actor] = await signedInClient(accounts[actor].email, accounts[actor].password)
  }
})
afterAll(closeClients)

describe.each(Object.entries(MATRIX))('%s', (name, { arrange, verdicts }) => {
  it.each(ACTORS.filter((actor) => verdicts[actor] === 'denied'))('refuses %s and changes nothing', async (actor) => {
    const { data, state } = await arrange()
    const before = await state()
    await expectCallableError(callers[actor].call(name, data), 'permission-denied')
    expect(await state()).toEqual(before)
  })

  it.each(ACTORS.filter((actor) => verdicts[actor] === 'allowed'))('lets %s past the role check', async (actor) => {
    const { data } = await arrange()
    const outcome = await callers[actor].call(name, data).then(
      () => 'succeeded',
      (err: { code?: string; message?: string }) => `${err.code}: ${err.message}`,
    )
    expect(outcome).not.toMatch(/^functions\/permission-denied/)
  })
})

describe('the table', () => {
  it('covers every callable the functions export', () => {
    const callables = listFunctionEndpoints().filter((fn) => fn.kind === 'callable').map((fn) => fn.name)
    expect(callables.length).toBeGreaterThan(Object.keys(MATRIX).length)
    expect(callables.filter((name) => !(name in MATRIX) && !OPEN_TO_ANYONE.includes(name))).toEqual([])
  })
})

/**
 * Every callable the functions export, with the shape of its input: one list for the tests that sweep all of them
 * (the fuzzing in tests/functions/callableFuzz.test.ts, and a callable × role permission matrix). A callable added
 * to functions/src/index.ts without an entry here fails `lists every exported callable`.
 */

/** What a field holds, so a fuzzer can build near-valid payloads with one hostile part. */
export type FieldKind =
  | 'id'
  | 'optional-id'
  | 'ids'
  | 'role'
  | 'email'
  | 'name'
  | 'text'
  | 'optional-text'
  | 'invite-token'
  | 'invitation-token'
  | 'code'
  | 'password'
  | 'unsubscribe-token'
  | 'channel'
  | 'kind'
  | 'location'
  | 'datetime'
  | 'minutes'
  | 'boolean'
  | 'e164'
  | 'label'
  | 'timezone'
  | 'phone'
  | 'opening-hours'
  | 'practice-settings'
  | 'optional-media-purpose'

/** Who the callable is for; a sweep calls it as someone of that kind. */
export type CallableAudience = 'owner' | 'member' | 'practitioner' | 'visit' | 'public'

export interface CallableSpec {
  audience: CallableAudience
  fields: Record<string, FieldKind>
}

export const CALLABLES = {
  inviteMember: { audience: 'owner', fields: { practiceId: 'id', email: 'email', displayName: 'name', role: 'role' } },
  revokeMemberInvitation: { audience: 'owner', fields: { practiceId: 'id', invitationId: 'id' } },
  checkMemberInvitation: { audience: 'public', fields: { token: 'invitation-token' } },
  acceptMemberInvitation: { audience: 'public', fields: { token: 'invitation-token', password: 'password' } },
  changeMemberRole: { audience: 'owner', fields: { practiceId: 'id', uid: 'id', role: 'role' } },
  removeMember: { audience: 'owner', fields: { practiceId: 'id', uid: 'id' } },
  saveAppointment: {
    audience: 'member',
    fields: {
      practiceId: 'id',
      appointmentId: 'optional-id',
      practitionerId: 'id',
      start: 'datetime',
      durationMinutes: 'minutes',
      location: 'location',
      patientIds: 'ids',
      notes: 'optional-text',
    },
  },
  cancelAppointment: { audience: 'member', fields: { practiceId: 'id', appointmentId: 'id', reason: 'optional-text' } },
  revealInvites: { audience: 'practitioner', fields: { practiceId: 'id', appointmentId: 'id' } },
  checkInvite: { audience: 'public', fields: { token: 'invite-token' } },
  redeemInvite: { audience: 'public', fields: { token: 'invite-token', code: 'code' } },
  reissueInvite: { audience: 'practitioner', fields: { practiceId: 'id', appointmentId: 'id', patientId: 'id' } },
  resendInvite: { audience: 'practitioner', fields: { practiceId: 'id', appointmentId: 'id', patientId: 'id', channel: 'channel' } },
  unsubscribe: { audience: 'public', fields: { token: 'unsubscribe-token' } },
  saveReminderTemplate: {
    audience: 'member',
    fields: { practiceId: 'id', kind: 'kind', channel: 'channel', subject: 'optional-text', body: 'text' },
  },
  startVisit: { audience: 'visit', fields: { practiceId: 'id', appointmentId: 'id' } },
  getMediaAccess: { audience: 'visit', fields: { practiceId: 'id', appointmentId: 'id', purpose: 'optional-media-purpose' } },
  leaveVisit: { audience: 'visit', fields: { practiceId: 'id', appointmentId: 'id' } },
  endVisit: { audience: 'visit', fields: { practiceId: 'id', appointmentId: 'id' } },
  updatePracticeSettings: {
    audience: 'owner',
    fields: { practiceId: 'id', name: 'name', timeZone: 'timezone', phone: 'phone', openingHours: 'opening-hours', settings: 'practice-settings' },
  },
  scanAttachment: { audience: 'visit', fields: { practiceId: 'id', appointmentId: 'id', attachmentId: 'id' } },
  recordAttachmentOpened: { audience: 'visit', fields: { practiceId: 'id', appointmentId: 'id', attachmentId: 'id' } },
  getPhoneAccess: { audience: 'member', fields: { practiceId: 'id' } },
  holdCall: { audience: 'member', fields: { practiceId: 'id', callSid: 'id', hold: 'boolean' } },
  savePhoneNumber: {
    audience: 'owner',
    fields: { practiceId: 'id', e164: 'e164', label: 'label', voice: 'boolean', sms: 'boolean', allowedMemberIds: 'ids' },
  },
} as const satisfies Record<string, CallableSpec>

export type CallableName = keyof typeof CALLABLES
export const CALLABLE_NAMES = Object.keys(CALLABLES) as CallableName[]

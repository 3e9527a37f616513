/**
 * Cloud Functions entry point: wiring only. Each trigger or callable lives in its own file under its capability.
 */
import { initializeApp } from 'firebase-admin/app'
import { applyGlobalOptions } from './lib/config'

initializeApp()
applyGlobalOptions()

export { syncMemberClaims } from './members/syncMemberClaims'
// Members join by invitation only (an emailed one-time link); see docs/member-onboarding.md.
export { inviteMember } from './members/inviteMember'
export { revokeMemberInvitation } from './members/revokeMemberInvitation'
export { checkMemberInvitation } from './members/checkMemberInvitation'
export { acceptMemberInvitation } from './members/acceptMemberInvitation'
export { changeMemberRole } from './members/changeMemberRole'
export { removeMember } from './members/removeMember'
export { saveAppointment } from './appointments/saveAppointment'
export { cancelAppointment } from './appointments/cancelAppointment'
export { revealInvites } from './invites/revealInvites'
export { reissueInvite } from './invites/reissueInvite'
// Patient join
export { checkInvite } from './invites/checkInvite'
export { redeemInvite } from './invites/redeemInvite'
export { planReminders } from './reminders/planReminders'
export { sendDueReminders } from './reminders/sendDueReminders'
export { resendInvite } from './reminders/resendInvite'
export { unsubscribe } from './reminders/unsubscribe'
export { twilioInbound } from './reminders/twilioInbound'
export { saveReminderTemplate } from './templates/saveReminderTemplate'

// Visits
export { startVisit } from './visits/startVisit'
export { getMediaAccess } from './visits/getMediaAccess'
export { leaveVisit } from './visits/leaveVisit'
export { endVisit } from './visits/endVisit'

// Credits and billing
export { endAbandonedVisits } from './billing/endAbandonedVisits'
export { onCreditGrantCreated } from './billing/onCreditGrantCreated'

// Practice settings
export { updatePracticeSettings } from './practice/updatePracticeSettings'

// In-visit chat: files (virus scan, audit); messages are written by participants through the rules
export { scanAttachment } from './chat/scanAttachment'
export { recordAttachmentOpened } from './chat/recordAttachmentOpened'

// Browser phone
export { getPhoneAccess } from './phone/getPhoneAccess'
export { phoneVoice } from './phone/phoneVoice'
export { phoneStatus } from './phone/phoneStatus'
export { holdCall } from './phone/holdCall'
export { savePhoneNumber } from './phone/savePhoneNumber'
export { syncSmsSender } from './phone/syncSmsSender'

/**
 * Cloud Functions entry point: wiring only. Each trigger or callable lives in its own file under its capability.
 */
import { initializeApp } from 'firebase-admin/app'
import { applyGlobalOptions } from './lib/config'

initializeApp()
applyGlobalOptions()

export { syncMemberClaims } from './members/syncMemberClaims'
export { addMember } from './members/addMember'
export { changeMemberRole } from './members/changeMemberRole'
export { removeMember } from './members/removeMember'
export { saveAppointment } from './appointments/saveAppointment'
export { cancelAppointment } from './appointments/cancelAppointment'
export { revealInvites } from './invites/revealInvites'
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

// Browser phone
export { getPhoneAccess } from './phone/getPhoneAccess'
export { phoneVoice } from './phone/phoneVoice'
export { phoneStatus } from './phone/phoneStatus'
export { holdCall } from './phone/holdCall'
export { savePhoneNumber } from './phone/savePhoneNumber'
export { syncSmsSender } from './phone/syncSmsSender'

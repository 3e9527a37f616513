import { onCall } from 'firebase-functions/v2/https'
import { isLocked } from '../domain/inviteLockout'
import type { CheckInviteResult } from '../domain/visit'
import { parseInput } from '../lib/validation'
import { enforceCallerLimit } from './callerRateLimit'
import { resolveInvite } from './inviteState'
import { CheckInviteInput } from './validation'
import { INVITE_KEY } from '../lib/config'

/**
 * `checkInvite({ token })`: what a patient's link landing page shows before the code is typed. Public (patients have
 * no account), so it answers only with what the link's holder may know: the practice's name, the booked times and
 * the time zone to show them in, whether the code entry is locked, or why the link no longer works. Never a
 * practitioner's or a patient's name. Limited per caller, like redeemInvite.
 */
export const checkInvite = onCall({ secrets: [INVITE_KEY] }, async (request): Promise<CheckInviteResult> => {
  const input = parseInput(CheckInviteInput, request.data)
  await enforceCallerLimit('checkInvite', request.rawRequest)

  const now = new Date()
  const resolution = await resolveInvite(input.token, now)
  if (resolution.problem) return { state: resolution.problem }

  const { invite, appointment, practice } = resolution.state
  const shown = { practiceName: practice.name, start: appointment.start.toISOString(), end: appointment.end.toISOString(), timeZone: practice.timeZone }
  if (isLocked(invite.lockedUntil, now)) return { state: 'locked', lockedUntil: invite.lockedUntil!.toISOString(), ...shown }
  return { state: 'ready', ...shown }
})

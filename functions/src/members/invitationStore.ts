import { APP_URL } from '../lib/config'
import { db } from '../lib/db'

export { invitationIdForToken, newInvitationToken } from './invitationToken'

/**
 * Member invitations live top-level, keyed by the SHA-256 of the link token (the token itself is stored nowhere),
 * so a link resolves without knowing the practice. Owners list their practice's with `where('practiceId', '==', …)`.
 */
export const memberInvitationsCollection = () => db().collection('memberInvitations')

/** The link in the invitation email. */
export function invitationUrl(token: string): string {
  return `${APP_URL.value().replace(/\/+$/, '')}/invitation/${token}`
}

/** The invitation email (Trigger Email `mail` document body): no temporary password, only the one-time link. */
export function invitationEmail(input: { practiceName: string; displayName: string; roleLabel: string; url: string; days: number }) {
  const text = [
    `Hello ${input.displayName},`,
    '',
    `You have been invited to join ${input.practiceName} as ${input.roleLabel}.`,
    `Open this link to accept; it works once, for ${input.days} days:`,
    input.url,
    '',
    "If you didn't expect this, ignore this email: nothing happens unless the link is opened.",
  ].join('\n')
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  const html =
    `<p>Hello ${escape(input.displayName)},</p>` +
    `<p>You have been invited to join ${escape(input.practiceName)} as ${escape(input.roleLabel)}.</p>` +
    `<p><a href="${escape(input.url)}">Accept the invitation</a> (the link works once, for ${input.days} days).</p>` +
    "<p>If you didn't expect this, ignore this email: nothing happens unless the link is opened.</p>"
  return { subject: `Join ${input.practiceName} on the clinic console`, text, html }
}

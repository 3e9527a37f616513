import type { SeedResult } from '../seed/seedDemo'

export function printDemo(seed: SeedResult, consoleUrl = 'http://127.0.0.1:5173'): void {
  const lines = [
    '',
    `  Console:   ${consoleUrl}`,
    '',
    '  Demo sign-in (all share one password):',
    ...seed.members.map((m) => `    ${m.role.padEnd(13)} ${m.email.padEnd(34)} ${m.password}`),
    '',
    `  Patient join link for ${seed.join.patientFirstName} (visit at ${seed.join.startsAt.toLocaleTimeString('en-AU', { timeZone: seed.timeZone, timeStyle: 'short' })}, ${seed.timeZone}):`,
    `    ${seed.join.url}`,
    `    access code ${seed.join.code}`,
    '',
    `  Member invitation for ${seed.invitation.email} (${seed.invitation.role}; opens once, sets their own password):`,
    `    ${seed.invitation.url}`,
    '',
    '  Emails (invitations) are not sent in development: they are printed here as they are written.',
    '',
  ]
  console.log(lines.join('\n'))
}

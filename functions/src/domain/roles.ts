/** Practice roles. Pure: no Firebase imports, shared with the web app through the `@domain` alias. */
export const ROLES = ['owner', 'practitioner', 'staff'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  practitioner: 'Practitioner',
  staff: 'Staff (reception)',
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Roles by practice, as mirrored into Auth custom claims: `{ roles: { [practiceId]: role } }`. */
export type PracticeRoles = Record<string, Role>

export interface Membership {
  practiceId: string
  role: unknown
}

/** Builds the `roles` claim from a user's membership documents, ignoring malformed roles. */
export function rolesFromMemberships(memberships: readonly Membership[]): PracticeRoles {
  const roles: PracticeRoles = {}
  for (const { practiceId, role } of memberships) {
    if (isRole(role)) roles[practiceId] = role
  }
  return roles
}

/**
 * A practice must always keep an owner, or nobody could manage its members again from the console.
 * Returns the number of owners left if `uid` takes `nextRole` (null = removed).
 */
export function ownersAfterChange(
  members: readonly { uid: string; role: Role }[],
  uid: string,
  nextRole: Role | null,
): number {
  return members.filter((m) => (m.uid === uid ? nextRole === 'owner' : m.role === 'owner')).length
}

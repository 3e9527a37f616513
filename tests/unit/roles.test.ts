import { describe, expect, it } from 'vitest'
import { isRole, ownersAfterChange, rolesFromMemberships } from '../../functions/src/domain/roles'

describe('roles', () => {
  it('recognises only the three practice roles', () => {
    expect(['owner', 'practitioner', 'staff'].every(isRole)).toBe(true)
    expect(isRole('admin')).toBe(false)
    expect(isRole(undefined)).toBe(false)
  })

  it('builds the roles claim from memberships, ignoring malformed roles', () => {
    expect(
      rolesFromMemberships([
        { practiceId: 'a', role: 'owner' },
        { practiceId: 'b', role: 'superuser' },
        { practiceId: 'c', role: 'staff' },
      ]),
    ).toEqual({ a: 'owner', c: 'staff' })
  })

  it('counts the owners left after a change', () => {
    const members = [
      { uid: 'o1', role: 'owner' as const },
      { uid: 'o2', role: 'owner' as const },
      { uid: 's1', role: 'staff' as const },
    ]
    expect(ownersAfterChange(members, 'o1', 'staff')).toBe(1)
    expect(ownersAfterChange(members, 'o1', null)).toBe(1)
    expect(ownersAfterChange(members, 's1', 'owner')).toBe(3)
    expect(ownersAfterChange([members[0]!], 'o1', null)).toBe(0)
  })
})

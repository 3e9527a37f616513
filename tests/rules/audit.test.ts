import { uniqueId } from '../factories/ids'
import { anAuditEntry } from '../factories/practice'
import { describeAccessMatrix, documentRequests, OWNERS_READ_ONLY, seed, rulesTestFile, subjectsOf } from './rulesTestEnv'

let entryPath: string

const rules = rulesTestFile('audit', async (env, team) => {
  entryPath = `${auditPath()}/${uniqueId('entry')}`
  await seed(env, {
    [entryPath]: anAuditEntry({
      actor: { uid: team.owner, role: 'owner' },
      action: 'member.added',
      target: { type: 'member', id: team.staff },
    }),
  })
})

function auditPath(): string {
  return `practices/${rules.team.practiceId}/audit`
}

// Owners read the log; it is append-only and written only by functions, so no client (not even the
// owner) may add, change or remove an entry.
describeAccessMatrix('audit', {
  subject: subjectsOf('an audit entry', 'the audit log'),
  access: OWNERS_READ_ONLY,
  as: rules.as,
  run: documentRequests({
    document: () => entryPath,
    collection: auditPath,
    create: () => ({ path: `${auditPath()}/${uniqueId('entry')}`, data: anAuditEntry({ action: 'member.removed' }) }),
    update: () => ({ action: 'member.roleChanged' }),
  }),
})

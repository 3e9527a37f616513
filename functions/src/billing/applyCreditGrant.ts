import { FieldValue } from 'firebase-admin/firestore'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { grantProblem, ledgerEntryId } from '../domain/ledger'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { documentId } from '../lib/validation'
import { applyLedgerEntry, runLedgerTransaction } from './ledger'

export type GrantOutcome = 'applied' | 'rejected' | 'already-processed' | 'missing'

/**
 * Applies `practices/{practiceId}/creditGrants/{grantId}`, created by an admin in the Firebase console, exactly
 * once: in one transaction the grant is validated (`grantProblem`), then either credited to the ledger as
 * `grant_{grantId}` and marked `applied`, or marked `rejected` with the reason, changing nothing else. A second
 * delivery of the trigger finds the grant marked and does nothing. Both outcomes are audited (ids and numbers only).
 */
export async function applyCreditGrant(practiceIdInput: string, grantIdInput: string): Promise<GrantOutcome> {
  const practiceId = documentId('practice').parse(practiceIdInput)
  const grantId = documentId('grant').parse(grantIdInput)
  const grantRef = db().doc(paths.creditGrant(practiceId, grantId))
  const entryId = ledgerEntryId.grant(grantId)

  const outcome = await runLedgerTransaction(async (tx): Promise<GrantOutcome> => {
    // Read without a lock and written with a precondition, like the ledger: two deliveries at once must not stall.
    const grant = await grantRef.get()
    if (!grant.exists) return 'missing'
    const data = grant.data() ?? {}
    if (data.status === 'applied' || data.status === 'rejected') return 'already-processed'

    const problem = grantProblem(data)
    if (problem) {
      tx.update(grantRef, { status: 'rejected', rejectedReason: problem, processedAt: FieldValue.serverTimestamp() }, { lastUpdateTime: grant.updateTime! })
      appendAuditInTransaction(tx, practiceId, {
        actor: { kind: 'system' },
        action: 'credits.grantRejected',
        target: { type: 'grant', id: grantId },
        details: {},
      })
      return 'rejected'
    }
    const amount = data.amount as number
    const result = await applyLedgerEntry(tx, practiceId, {
      id: entryId,
      kind: 'grant',
      delta: amount,
      ref: { type: 'grant', id: grantId },
      details: { reason: (data.reason as string).trim() },
      actor: { kind: 'system' },
    })
    tx.update(
      grantRef,
      { status: 'applied', ledgerEntryId: entryId, balanceAfter: result.balanceAfter, processedAt: FieldValue.serverTimestamp() },
      { lastUpdateTime: grant.updateTime! },
    )
    return result.applied ? 'applied' : 'already-processed'
  })

  if (outcome === 'applied') logs.grantApplied(practiceId, grantId)
  if (outcome === 'rejected') logs.grantRejected(practiceId, grantId)
  return outcome
}

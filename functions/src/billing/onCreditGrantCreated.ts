import { onDocumentCreated } from 'firebase-functions/v2/firestore'
import { applyCreditGrant } from './applyCreditGrant'

/**
 * A grant created in the Firebase console (docs/credit-grants.md) is applied to the practice's credits, or
 * rejected with a reason, exactly once, however often the event is delivered.
 */
export const onCreditGrantCreated = onDocumentCreated('practices/{practiceId}/creditGrants/{grantId}', async (event) => {
  await applyCreditGrant(event.params.practiceId, event.params.grantId)
})

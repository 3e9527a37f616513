import { onDocumentCreated } from 'firebase-functions/v2/firestore'
import { triggers } from '../lib/paths'
import { applyCreditGrant } from './applyCreditGrant'

/**
 * A grant created in the Firebase console (docs/credit-grants.md) is applied to the practice's credits, or
 * rejected with a reason, exactly once, however often the event is delivered.
 */
export const onCreditGrantCreated = onDocumentCreated(triggers.creditGrant, async (event) => {
  await applyCreditGrant(event.params.practiceId, event.params.grantId)
})

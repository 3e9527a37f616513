/** The console's Firestore (see ./app.ts for why it is a module of its own). */
import { getFirestore } from 'firebase/firestore'
import { app } from './app'
import { connectFirestoreToEmulator } from './firestoreEmulator'

export const db = getFirestore(app)

connectFirestoreToEmulator(db)

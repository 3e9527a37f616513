import { getAuth } from 'firebase-admin/auth'
import { getFirestore } from 'firebase-admin/firestore'

/** The Admin SDK's Firestore and Auth; paths come from ./paths. */
export const db = () => getFirestore()
export const adminAuth = () => getAuth()

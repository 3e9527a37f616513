/** `npm run seed`: seeds the demo practice into emulators that are already running (see `npm run dev`). */
import { printDemo } from './lib/printDemo'
import { seedDemo } from './seed/seedDemo'

process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080'
process.env.FIREBASE_AUTH_EMULATOR_HOST ??= '127.0.0.1:9099'

printDemo(await seedDemo())
process.exit(0)

// Makes the Firestore emulator run offline.
//
// firebase-tools normally downloads its Firestore emulator jar, which this network forbids. Debian's
// `google-cloud-cli-firestore-emulator` ships the same emulator, but as a jar without a Main-Class, so we
// wrap it in a tiny launcher jar (a manifest only: Main-Class + Class-Path) and point firebase-tools at
// it through FIRESTORE_EMULATOR_BINARY_PATH.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '../../..')
const MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore'
const SHIPPED_JAR_CANDIDATES = [
  '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
  '/usr/share/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar',
]

function findShippedJar(): string | undefined {
  try {
    const files = execFileSync('dpkg', ['-L', 'google-cloud-cli-firestore-emulator'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    const jar = files.split('\n').find((f) => f.endsWith('/cloud-firestore-emulator.jar'))
    if (jar && existsSync(jar)) return jar
  } catch {
    // not a Debian machine, or the package is absent: fall through to the known paths
  }
  return SHIPPED_JAR_CANDIDATES.find((f) => existsSync(f))
}

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Sets FIRESTORE_EMULATOR_BINARY_PATH in `env` when the machine ships the emulator jar.
 * Returns a short description of what will run; throws with the missing piece named when nothing can.
 */
export function prepareFirestoreEmulator(env: NodeJS.ProcessEnv = process.env): string {
  if (!hasCommand('java')) {
    throw new Error('The Firestore emulator needs Java 11+ (Debian package: openjdk-17-jre-headless).')
  }
  if (env.FIRESTORE_EMULATOR_BINARY_PATH) return `Firestore emulator: ${env.FIRESTORE_EMULATOR_BINARY_PATH} (from the environment)`

  const shipped = findShippedJar()
  if (shipped) {
    const dir = join(root, '.cache', 'firestore-emulator')
    const launcher = join(dir, 'launcher.jar')
    const manifest = join(dir, 'MANIFEST.MF')
    const fresh = existsSync(launcher) && statSync(launcher).mtimeMs >= statSync(shipped).mtimeMs
    if (!fresh) {
      if (!hasCommand('jar')) {
        throw new Error('Building the Firestore emulator launcher needs the JDK `jar` tool (Debian package: openjdk-17-jdk-headless).')
      }
      mkdirSync(dir, { recursive: true })
      writeFileSync(manifest, `Main-Class: ${MAIN_CLASS}\nClass-Path: file:${shipped}\n`)
      execFileSync('jar', ['cfm', launcher, manifest], { stdio: 'inherit' })
    }
    env.FIRESTORE_EMULATOR_BINARY_PATH = launcher
    return `Firestore emulator: ${shipped} (via ${launcher})`
  }

  // No shipped jar: firebase-tools downloads its own into ~/.cache/firebase/emulators, which works only with internet.
  const cache = join(homedir(), '.cache', 'firebase', 'emulators')
  const cached = existsSync(cache) ? execFileSync('ls', [cache], { encoding: 'utf8' }).split('\n').find((f) => f.startsWith('cloud-firestore-emulator')) : undefined
  if (cached) return `Firestore emulator: ${join(cache, cached)} (firebase-tools cache)`
  return 'Firestore emulator: not installed; firebase-tools will try to download it (needs internet; offline, install the Debian package google-cloud-cli-firestore-emulator)'
}

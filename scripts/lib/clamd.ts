/**
 * A local clamd for dev, tests and the bench: Debian's clamav-daemon, on 127.0.0.1 at a port moved by
 * EMULATOR_PORT_OFFSET, loading only the project's own signature file (scripts/clamav/test-signatures.ndb:
 * the EICAR test signature), since no signature database can be downloaded here. The functions reach it
 * through CLAMD_HOST / CLAMD_PORT in the environment the emulators inherit.
 */
import type { ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ports, portOffset } from './emulators'
import { portInUse, start, stop, waitForPort } from './processes'
import { ensureDebianPackage } from './systemPackages'

const SIGNATURES = new URL('../clamav/test-signatures.ndb', import.meta.url)

export interface LocalClamd {
  host: string
  port: number
  stop(): Promise<void>
}

/** Installs clamav-daemon when missing (as for Chromium), starts clamd and waits until it answers. */
export async function startLocalClamd(): Promise<LocalClamd> {
  ensureDebianPackage('clamd', 'clamav-daemon', 'Virus scanning of shared files')
  const host = '127.0.0.1'
  const port = ports.clamd
  if (await portInUse(port)) throw new Error(`Port ${port} (clamd) is already in use. Is another \`npm run dev\` or \`npm test\` running?`)
  const dir = clamdDir()
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(`${dir}/db`, { recursive: true })
  copyFileSync(SIGNATURES, `${dir}/db/test-signatures.ndb`)
  writeFileSync(
    `${dir}/clamd.conf`,
    [
      `TCPSocket ${port}`,
      `TCPAddr ${host}`,
      `DatabaseDirectory ${dir}/db`,
      'Foreground yes',
      'LogSyslog no',
      `LogFile ${dir}/clamd.log`,
      `PidFile ${dir}/clamd.pid`,
      // Room for one 10 MB file (the largest a visit accepts) plus framing.
      'StreamMaxLength 12M',
      'MaxThreads 4',
      // No system user switch: the process runs as whoever runs the tests.
      ...(process.getuid?.() === 0 ? ['User root'] : []),
    ].join('\n') + '\n',
  )
  const child = await launch(dir, host, port)
  return {
    host,
    port,
    // The tests may have stopped and restarted it (restartLocalClamd): stop whichever clamd the pid file names.
    stop: async () => {
      await stopLocalClamd()
      await stop(child, 'SIGTERM')
    },
  }
}

function clamdDir(): string {
  return resolve(`.cache/clamd${portOffset ? `-${portOffset}` : ''}`)
}

async function launch(dir: string, host: string, port: number): Promise<ChildProcess> {
  const child = start('clamd', ['--config-file', `${dir}/clamd.conf`], { stdio: 'ignore' })
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`clamd exited (${code}) before it listened; see ${dir}/clamd.log`))),
  )
  await Promise.race([waitForPort(port, 60_000, host), exited])
  child.removeAllListeners('exit')
  return child
}

/** Stops the local clamd (for the "clamd is down" test) and waits until its port is closed. */
export async function stopLocalClamd(): Promise<void> {
  const pidFile = `${clamdDir()}/clamd.pid`
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  while (await portInUse(ports.clamd)) await new Promise((r) => setTimeout(r, 100))
}

/** Starts the local clamd again with the configuration startLocalClamd wrote; it is stopped with the run. */
export async function restartLocalClamd(): Promise<void> {
  const child = await launch(clamdDir(), '127.0.0.1', ports.clamd)
  child.unref()
}

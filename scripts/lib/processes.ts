import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createConnection } from 'node:net'

/** Runs a command to completion with inherited output; throws with the command named when it fails. */
export function run(cmd: string, args: string[], options: SpawnOptions = {}): void {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options })
  if (result.status !== 0) throw new Error(`\`${[cmd, ...args].join(' ')}\` failed (exit ${result.status ?? result.signal}).`)
}

/** Like `run`, but keeps the event loop free (for servers in this process that the command talks to). */
export function runAsync(cmd: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options })
    child.on('exit', (status, signal) =>
      status === 0 ? resolve() : reject(new Error(`\`${[cmd, ...args].join(' ')}\` failed (exit ${status ?? signal}).`)),
    )
  })
}

/** Starts a long-running child in its own process group, so stopping it also stops what it spawned. */
export function start(cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(cmd, args, { stdio: 'inherit', detached: true, ...options })
}

export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve()
    child.once('exit', () => resolve())
    try {
      process.kill(-child.pid, signal)
    } catch {
      resolve()
    }
  })
}

export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host })
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await portInUse(port, host))) {
    if (Date.now() > deadline) throw new Error(`Nothing answered on ${host}:${port} within ${timeoutMs / 1000} s.`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

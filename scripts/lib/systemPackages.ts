import { execFileSync, spawnSync } from 'node:child_process'

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0
let aptUpdated = false

/**
 * Makes sure a Debian package providing `command` is installed, the way `playwright install --with-deps` would:
 * installed with apt when we are root, otherwise a clear stop naming the exact package to install.
 */
export function ensureDebianPackage(command: string, pkg: string, why: string): void {
  if (has(command)) return
  if (!isRoot() || !has('apt-get')) {
    console.error(`\n✖ ${why} needs the Debian package \`${pkg}\`. Install it with: sudo apt-get install -y ${pkg}\n`)
    process.exit(1)
  }
  console.log(`Installing the Debian package ${pkg} (${why})…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    aptUpdated = true
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env })
  if (!has(command)) {
    console.error(`\n✖ Installed ${pkg} but \`${command}\` is still missing.\n`)
    process.exit(1)
  }
}

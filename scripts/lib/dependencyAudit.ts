import { spawnSync } from 'node:child_process'

/** What `npm audit --json` printed, as far as the verdict needs it. */
interface AuditJson {
  metadata?: { vulnerabilities?: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>> }
  vulnerabilities?: Record<string, { severity: string; via: unknown[] }>
  message?: string
  error?: { code?: string; summary?: string }
}

export type AuditVerdict =
  | { outcome: 'clean'; message: string }
  | { outcome: 'vulnerable'; message: string }
  | { outcome: 'unreachable'; message: string }

const BLOCKING = ['high', 'critical']

/**
 * Reads `npm audit --omit=dev --json`: high or critical advisories in what ships (the web bundle and the
 * functions) fail; a run that got no report (offline, a proxy refusing the audit endpoint) is not a verdict.
 */
export function auditVerdict(stdout: string): AuditVerdict {
  let json: AuditJson
  try {
    json = JSON.parse(stdout) as AuditJson
  } catch {
    return { outcome: 'unreachable', message: 'npm audit printed no report.' }
  }
  const counts = json.metadata?.vulnerabilities
  if (!counts) {
    const reason = json.error?.summary || json.error?.code || json.message || 'no report'
    return { outcome: 'unreachable', message: `the advisory service could not be reached (${reason.split('\n')[0]}).` }
  }
  const blocking = Object.entries(json.vulnerabilities ?? {}).filter(([, v]) => BLOCKING.includes(v.severity))
  if (blocking.length === 0) {
    return { outcome: 'clean', message: `no high or critical advisories (${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low).` }
  }
  const names = blocking.map(([name, v]) => `${name} (${v.severity})`).join(', ')
  return { outcome: 'vulnerable', message: `high or critical advisories in shipped dependencies: ${names}. Run \`npm audit --omit=dev\` for fixes.` }
}

/** Runs the audit; returns false only when shipped dependencies have high or critical advisories. */
export function auditShippedDependencies(): boolean {
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 60_000 })
  const verdict = auditVerdict(result.stdout ?? '')
  if (verdict.outcome === 'vulnerable') console.error(`✖ npm audit: ${verdict.message}`)
  else if (verdict.outcome === 'unreachable') console.warn(`⚠ npm audit skipped: ${verdict.message} Offline runs carry on.`)
  else console.log(`✓ npm audit: ${verdict.message}`)
  return verdict.outcome !== 'vulnerable'
}

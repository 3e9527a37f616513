import { describe, expect, it } from 'vitest'
import { auditVerdict } from '../../scripts/lib/dependencyAudit'

const report = (vulnerabilities: Record<string, { severity: string }>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(Object.entries(vulnerabilities).map(([name, v]) => [name, { name, ...v, via: [] }])),
    metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 0, critical: 0, total: 1 } },
  })

describe('auditVerdict (npm audit --omit=dev --json)', () => {
  it('passes a report without high or critical advisories', () => {
    expect(auditVerdict(report({ 'some-lib': { severity: 'low' } })).outcome).toBe('clean')
  })

  it('fails on a high or a critical advisory, naming the packages', () => {
    const verdict = auditVerdict(report({ lodash: { severity: 'critical' }, axios: { severity: 'high' }, ms: { severity: 'moderate' } }))
    expect(verdict.outcome).toBe('vulnerable')
    expect(verdict.message).toContain('lodash (critical)')
    expect(verdict.message).toContain('axios (high)')
    expect(verdict.message).not.toContain('ms (moderate)')
  })

  it('says the registry could not be reached when npm got no report (offline, or a proxy refusing the endpoint)', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 })
    expect(auditVerdict(refused)).toEqual({ outcome: 'unreachable', message: expect.stringContaining('405 Method Not Allowed') })
    const offline = JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'request to https://registry.npmjs.org failed, reason: getaddrinfo ENOTFOUND' } })
    expect(auditVerdict(offline).outcome).toBe('unreachable')
    expect(auditVerdict('').outcome).toBe('unreachable')
  })
})

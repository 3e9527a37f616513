import { describe, expect, it } from 'vitest'
import { DEMO_CITY_ZONES, demoTimeZone, localMinutes, zoneWhereItIsNoon } from '../../scripts/seed/demoTimeZone'

describe('demoTimeZone', () => {
  it('keeps Sydney while its day has room for the demo visits', () => {
    // 23:00 UTC on 9 March 2025 is 10:00 in Sydney (AEDT, UTC+11).
    expect(demoTimeZone(new Date('2025-03-09T23:00:00Z'), undefined)).toBe('Australia/Sydney')
  })

  it('moves to a city where it is late morning when Sydney is closed', () => {
    for (let hour = 0; hour < 24; hour++) {
      const now = new Date(Date.UTC(2026, 11, 6, hour, 15))
      const zone = demoTimeZone(now, undefined)
      const minutes = localMinutes(now, zone)
      expect(minutes, `${hour}:15 UTC → ${zone}`).toBeGreaterThanOrEqual(8 * 60)
      expect(minutes, `${hour}:15 UTC → ${zone}`).toBeLessThan(16 * 60)
    }
  })

  it('obeys DEMO_TIME_ZONE when it names one', () => {
    expect(demoTimeZone(new Date('2025-03-09T23:00:00Z'), 'Europe/London')).toBe('Europe/London')
  })

  it('lists only zones the runtime knows', () => {
    for (const zone of DEMO_CITY_ZONES) expect(() => localMinutes(new Date(), zone)).not.toThrow()
  })
})

describe('zoneWhereItIsNoon', () => {
  it('gives a fixed-offset zone at noon for every UTC hour', () => {
    for (let hour = 0; hour < 24; hour++) {
      const now = new Date(Date.UTC(2026, 11, 6, hour, 30))
      expect(Math.floor(localMinutes(now, zoneWhereItIsNoon(now)) / 60)).toBe(12)
    }
  })
})

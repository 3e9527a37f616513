import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { buildAgoraRtcToken } from '../../functions/src/visits/agoraToken'
import { chooseMediaAccess, MEDIA_ACCESS_TTL_MS, visitChannelName, type MediaConfig } from '../../functions/src/visits/mediaAccess'
import { newMediaKey } from '../../functions/src/visits/visitStore'

// agora-token ships its decoder untyped and outside its index: describe just what these tests read.
interface RtcService {
  service_type(): number
  __channel_name: Buffer
  __uid: Buffer
  __privileges: Record<string, number>
}
interface DecodedToken {
  from_string(token: string): boolean
  verifySignature(appCertificate: string): boolean
  appId: Buffer
  issueTs: number
  expire: number
  services: RtcService[]
}
const { AccessToken2, kRtcServiceType } = createRequire(import.meta.url)('agora-token/src/AccessToken2') as {
  AccessToken2: new () => DecodedToken
  kRtcServiceType: number
}
const PRIVILEGE = { join: '1', publishAudio: '2', publishVideo: '3', publishData: '4' } as const

const appId = randomBytes(16).toString('hex')
const appCertificate = randomBytes(16).toString('hex')

function decode(token: string): DecodedToken {
  const decoded = new AccessToken2()
  expect(decoded.from_string(token)).toBe(true)
  return decoded
}

describe('Agora RTC token', () => {
  it('is signed with the certificate for the app, channel and user account, and expires when asked', () => {
    const before = Math.floor(Date.now() / 1000)
    const token = buildAgoraRtcToken({ appId, appCertificate, channel: 'v_test-channel', account: 'patient-abc', expiresInSeconds: 1800 })
    const decoded = decode(token)
    expect(decoded.verifySignature(appCertificate)).toBe(true)
    expect(decoded.appId.toString()).toBe(appId)
    expect(decoded.issueTs).toBeGreaterThanOrEqual(before)
    expect(decoded.issueTs).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000))
    expect(decoded.expire).toBe(1800)
    expect(decoded.services).toHaveLength(1)
    const rtc = decoded.services[0]!
    expect(rtc.service_type()).toBe(kRtcServiceType)
    expect(rtc.__channel_name.toString()).toBe('v_test-channel')
    expect(rtc.__uid.toString()).toBe('patient-abc')
  })

  it('lets the user join and publish audio, video and data until the token expires, and no longer', () => {
    const decoded = decode(buildAgoraRtcToken({ appId, appCertificate, channel: 'c', account: 'u', expiresInSeconds: 600 }))
    expect(decoded.services[0]!.__privileges).toEqual({
      [PRIVILEGE.join]: 600,
      [PRIVILEGE.publishAudio]: 600,
      [PRIVILEGE.publishVideo]: 600,
      [PRIVILEGE.publishData]: 600,
    })
  })

  it('fails verification under any other certificate', () => {
    const decoded = decode(buildAgoraRtcToken({ appId, appCertificate, channel: 'c', account: 'u', expiresInSeconds: 600 }))
    expect(decoded.verifySignature(randomBytes(16).toString('hex'))).toBe(false)
  })

  it('refuses to mint with an App ID or certificate Agora would reject, instead of returning an empty token', () => {
    expect(() => buildAgoraRtcToken({ appId: 'not-an-app-id', appCertificate, channel: 'c', account: 'u', expiresInSeconds: 60 })).toThrow(
      '32 hexadecimal characters',
    )
    expect(() => buildAgoraRtcToken({ appId, appCertificate: '', channel: 'c', account: 'u', expiresInSeconds: 60 })).toThrow()
  })
})

describe('media access', () => {
  const ref = { practiceId: 'practice-1', appointmentId: 'appointment-1' }
  const now = new Date('2025-03-10T23:00:00Z')
  const farClose = new Date(now.getTime() + 3 * 3_600_000)
  const webrtcOnly: MediaConfig = { agoraAppId: '', agoraAppCertificate: '' }
  const agora: MediaConfig = { agoraAppId: appId, agoraAppCertificate: appCertificate }

  it('without an Agora App ID uses the development WebRTC mesh, for an hour at most', () => {
    expect(chooseMediaAccess({ config: webrtcOnly, ref, uid: 'patient-abc', now, closesAt: farClose, mediaKey: null })).toEqual({
      provider: 'webrtc',
      uid: 'patient-abc',
      expiresAt: new Date(now.getTime() + MEDIA_ACCESS_TTL_MS).toISOString(),
      iceServers: [],
    })
  })

  it('never lasts past the end of the join window', () => {
    const closesAt = new Date(now.getTime() + 20 * 60_000)
    expect(chooseMediaAccess({ config: webrtcOnly, ref, uid: 'u', now, closesAt, mediaKey: null }).expiresAt).toBe(closesAt.toISOString())
    const access = chooseMediaAccess({ config: agora, ref, uid: 'u', now, closesAt, mediaKey: newMediaKey() })
    expect(access.expiresAt).toBe(closesAt.toISOString())
    if (access.provider !== 'agora') throw new Error('expected Agora')
    expect(decode(access.token).expire).toBe(20 * 60)
  })

  it("with an App ID hands out an Agora token for the caller in the visit's channel, and the visit's encryption key", () => {
    const mediaKey = newMediaKey()
    const access = chooseMediaAccess({ config: agora, ref, uid: 'patient-abc', now, closesAt: farClose, mediaKey })
    if (access.provider !== 'agora') throw new Error(`expected Agora, got ${access.provider}`)
    expect(access).toMatchObject({
      appId,
      uid: 'patient-abc',
      channel: visitChannelName(appCertificate, ref),
      expiresAt: new Date(now.getTime() + MEDIA_ACCESS_TTL_MS).toISOString(),
      encryption: { mode: 'aes-256-gcm2', key: mediaKey.key, salt: mediaKey.salt },
    })
    const decoded = decode(access.token)
    expect(decoded.verifySignature(appCertificate)).toBe(true)
    expect(decoded.expire).toBe(3600)
    expect(decoded.services[0]!.__channel_name.toString()).toBe(access.channel)
    expect(decoded.services[0]!.__uid.toString()).toBe('patient-abc')
  })

  it('names one channel per visit that cannot be derived from the ids without the certificate', () => {
    const channel = visitChannelName(appCertificate, ref)
    expect(channel).toMatch(/^v_[0-9a-f]{40}$/)
    expect(visitChannelName(appCertificate, { ...ref })).toBe(channel)
    expect(visitChannelName(appCertificate, { ...ref, appointmentId: 'appointment-2' })).not.toBe(channel)
    expect(visitChannelName(randomBytes(16).toString('hex'), ref)).not.toBe(channel)
  })

  it('makes a 32-byte key (hex) and a 32-byte salt (base64) for each visit', () => {
    const { key, salt } = newMediaKey()
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(Buffer.from(salt, 'base64')).toHaveLength(32)
    expect(newMediaKey().key).not.toBe(key)
  })

  it('refuses Agora access without the media key, which exists only while the visit is live', () => {
    expect(() => chooseMediaAccess({ config: agora, ref, uid: 'u', now, closesAt: farClose, mediaKey: null })).toThrow('media key')
  })
})

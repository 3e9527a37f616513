import { RtcRole, RtcTokenBuilder } from 'agora-token'

export interface AgoraTokenInput {
  appId: string
  appCertificate: string
  channel: string
  /** Agora user account (a string uid): the caller's Firebase uid. */
  account: string
  /** Seconds from now; the token and every privilege in it expire together. */
  expiresInSeconds: number
}

/**
 * Mints an Agora RTC token (AccessToken2, "007…") that lets `account` join `channel` and publish audio, video and
 * data until it expires. Throws when Agora would refuse to build one (an App ID or certificate that is not 32 hex
 * characters): `agora-token` returns an empty string then, which a client could only report as a vague join failure.
 */
export function buildAgoraRtcToken(input: AgoraTokenInput): string {
  const seconds = Math.max(1, Math.floor(input.expiresInSeconds))
  const token = RtcTokenBuilder.buildTokenWithUserAccount(
    input.appId,
    input.appCertificate,
    input.channel,
    input.account,
    RtcRole.PUBLISHER,
    seconds,
    // Privileges expire with the token, so a renewed token is the only way to stay in the channel.
    seconds,
  )
  if (!token) throw new Error('AGORA_APP_ID and AGORA_APP_CERTIFICATE must each be 32 hexadecimal characters.')
  return token
}

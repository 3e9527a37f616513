/**
 * One RTCPeerConnection of the WebRTC mesh: "perfect negotiation" (the MDN pattern) with one peer, our media on
 * it, the peer's media off it, ICE restarts when the path breaks, and its quality statistics.
 *
 * Media m-lines are only ever created by the impolite side (one audio and one video transceiver); the polite side
 * adopts them from the offer. Were both sides to add transceivers, an offer collision would leave duplicate
 * m-lines behind. A polite side that finds the peer first still needs a way to say hello (the peer may hold a
 * connection to an earlier page of ours), so it sends an offer with no m-lines at all: rolling that back in a
 * collision leaves nothing behind. (A data channel as the hello does not survive the rollback in Chromium: its
 * m-line comes back rejected and negotiationneeded fires for ever.)
 *
 * Publishing is the transceiver's direction: sending a track is `sendrecv`, nothing (unpublished or muted) is
 * `recvonly`, which the peer sees as our track going away, as with Agora's unpublish. The caller's tracks go on
 * the senders as they are and are never stopped here.
 */
import type { NetworkQuality } from '@domain/connectionStrength'
import type { RemoteMedia } from '../MediaSession'
import type {
  CandidateData,
  CandidatesData,
  PeerBinding,
  ReceivedSignal,
  SessionDescriptionData,
  SignalEnvelope,
  SignalType,
} from './signalEnvelope'
import { linkQualityFromStats, type ReceiveCounters, type RtcStat } from './statsQuality'

export type MediaKind = 'audio' | 'video'
const KINDS: readonly MediaKind[] = ['audio', 'video']

/** How long a 'disconnected' path may recover by itself before an ICE restart ('failed' will not). */
const DISCONNECTED_GRACE_MS = 2_500
const FAILED_GRACE_MS = 500
/** While the path stays down, restart ICE again this often. */
const ICE_RETRY_MS = 8_000
/** Candidates found within this long go out in one signal. */
const CANDIDATE_BATCH_MS = 60

export interface MeshPeerOptions {
  peerId: string
  polite: boolean
  localConnection: string
  iceServers: RTCIceServer[]
  /** Offer even when polite: we found the peer (rather than answer its offer). */
  announce: boolean
  /** The track we send for a kind now: null when unpublished or muted. */
  sending: (kind: MediaKind) => MediaStreamTrack | null
  send: (type: SignalType, data: SignalEnvelope['data']) => void
  onRemoteMedia: (media: RemoteMedia) => void
  onConnectionStateChange: () => void
}

export class MeshPeer {
  readonly peerId: string
  readonly pc: RTCPeerConnection
  readonly binding: PeerBinding
  readonly createdAtMs = Date.now()
  /** Whether media ever flowed: a connection that never came up is not "reconnecting". */
  everConnected = false

  private readonly polite: boolean
  private queue: Promise<void> = Promise.resolve()
  private ignoreOffer = false
  private closed = false
  private pendingCandidates: RTCIceCandidateInit[] = []
  private remote: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null } = { audio: null, video: null }
  private restartTimer: ReturnType<typeof setTimeout> | undefined
  private outgoingCandidates: CandidateData[] = []
  private candidateTimer: ReturnType<typeof setTimeout> | undefined
  private counters: ReceiveCounters | null = null

  constructor(private readonly options: MeshPeerOptions) {
    this.peerId = options.peerId
    this.polite = options.polite
    this.binding = { localConnection: options.localConnection, remoteConnection: null, boundAtMs: null }
    const pc = (this.pc = new RTCPeerConnection({ iceServers: options.iceServers }))

    pc.onnegotiationneeded = () => void this.enqueue(() => this.makeOffer())
    pc.onicecandidate = ({ candidate }) => this.queueCandidate(candidate)
    pc.ontrack = () => this.reportRemoteMedia()
    pc.onconnectionstatechange = () => this.onConnectionStateChange()

    if (!this.polite) for (const kind of KINDS) pc.addTransceiver(kind, { direction: 'recvonly' })
    void this.updateLocalMedia()
    // The polite side has nothing to negotiate, so no negotiationneeded: its hello is an explicit empty offer,
    // unless the peer has spoken first (its offer, queued behind this, is then all we need).
    if (this.polite && options.announce) {
      void this.enqueue(() => (this.binding.remoteConnection === null ? this.makeOffer() : Promise.resolve()))
    }
  }

  /** Pairs our connection with the peer's (the first signal from its side). */
  bind(signal: ReceivedSignal): void {
    this.binding.remoteConnection = signal.envelope.connection
    this.binding.boundAtMs = signal.createdAtMs
  }

  /** Handles an offer, answer or candidate of the current conversation (byes are the session's). */
  handleSignal(signal: ReceivedSignal): Promise<void> {
    const { type, envelope } = signal
    if (type === 'offer' || type === 'answer') {
      return this.enqueue(() => this.onDescription(envelope.data as SessionDescriptionData))
    }
    if (type === 'candidate') {
      const { candidates } = envelope.data as CandidatesData
      return this.enqueue(async () => {
        for (const candidate of candidates) await this.onCandidate(candidate)
      })
    }
    return Promise.resolve()
  }

  /** Puts what we send now on this connection: after publish, unpublish, mute or a device switch. */
  updateLocalMedia(): Promise<void> {
    return this.enqueue(async () => {
      for (const kind of KINDS) {
        const transceiver = this.mediaTransceiver(kind, { ownUnnegotiated: !this.polite })
        if (!transceiver) continue // polite, before the first offer: adopted then
        const track = this.options.sending(kind)
        if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track)
        // A direction change asks for a renegotiation (negotiationneeded), which tells the peer.
        const direction: RTCRtpTransceiverDirection = track ? 'sendrecv' : 'recvonly'
        if (transceiver.direction !== direction) transceiver.direction = direction
      }
    })
  }

  /** After the network came back: restart ICE at once if the path is down. */
  restartIceIfDown(): void {
    if (!this.closed && isDown(this.pc.connectionState)) this.pc.restartIce()
  }

  setIceServers(iceServers: RTCIceServer[]): void {
    if (!this.closed) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers })
  }

  /** This connection's quality now; unknown (0) unless media flows. */
  async sampleQuality(): Promise<{ uplink: NetworkQuality; downlink: NetworkQuality }> {
    if (this.closed || this.pc.connectionState !== 'connected') return { uplink: 0, downlink: 0 }
    const report = await this.pc.getStats()
    const quality = linkQualityFromStats(report.values() as Iterable<RtcStat>, this.counters)
    this.counters = quality.counters
    return { uplink: quality.uplink, downlink: quality.downlink }
  }

  /** Closes the connection. The peer's tracks end; ours (the caller's) are untouched. */
  close(): void {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.restartTimer)
    clearTimeout(this.candidateTimer)
    const pc = this.pc
    pc.onnegotiationneeded = pc.onicecandidate = pc.ontrack = pc.onconnectionstatechange = null
    pc.close()
  }

  // ------------------------------------------------------------------ negotiation

  /**
   * Runs negotiation steps one at a time, so an offer we make and a description we receive never interleave;
   * collisions then show as a signalling state that is not 'stable'.
   */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(() => (this.closed ? undefined : step()))
    this.queue = run.catch((err: unknown) => {
      if (!this.closed) console.warn(`WebRTC: negotiation with ${this.peerId} failed`, err)
    })
    return this.queue
  }

  private async makeOffer(): Promise<void> {
    // Mid-negotiation: the browser fires negotiationneeded again once it is back to stable, if still needed.
    if (this.pc.signalingState !== 'stable') return
    await this.pc.setLocalDescription()
    this.sendLocalDescription()
  }

  private async onDescription(description: RTCSessionDescriptionInit): Promise<void> {
    const pc = this.pc
    if (description.type === 'answer') {
      this.ignoreOffer = false
      // An answer to an offer we no longer have (we were polite and rolled it back): nothing to apply it to.
      if (pc.signalingState !== 'have-local-offer') return
    }
    const collision = description.type === 'offer' && pc.signalingState !== 'stable'
    this.ignoreOffer = !this.polite && collision
    if (this.ignoreOffer) return
    // On the polite side a collision rolls our own offer back implicitly.
    await pc.setRemoteDescription(description)
    if (description.type === 'offer') {
      await this.adoptOffer()
      await pc.setLocalDescription()
      this.sendLocalDescription()
    }
    await this.addPendingCandidates()
    this.reportRemoteMedia()
  }

  /** Answering: put our tracks and directions on the transceivers the offer brought (the polite side's only ones). */
  private async adoptOffer(): Promise<void> {
    for (const kind of KINDS) {
      const transceiver = this.mediaTransceiver(kind, { ownUnnegotiated: false })
      if (!transceiver) continue
      const track = this.options.sending(kind)
      if (transceiver.sender.track !== track) await transceiver.sender.replaceTrack(track)
      transceiver.direction = track ? 'sendrecv' : 'recvonly'
    }
  }

  private async onCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (this.ignoreOffer) return // belongs to the offer we ignored
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate)
      return
    }
    await this.pc.addIceCandidate(candidate).catch(() => {
      // A candidate of a description that was rolled back, or of an ICE generation an ICE restart replaced.
    })
  }

  private async addPendingCandidates(): Promise<void> {
    const pending = this.pendingCandidates.splice(0)
    for (const candidate of pending) await this.pc.addIceCandidate(candidate).catch(() => {})
  }

  /** Sends our candidates in batches: those found within CANDIDATE_BATCH_MS, or all at the end of gathering. */
  private queueCandidate(candidate: RTCIceCandidate | null): void {
    if (candidate) this.outgoingCandidates.push(candidate.toJSON() as CandidateData)
    const flush = () => {
      clearTimeout(this.candidateTimer)
      this.candidateTimer = undefined
      const candidates = this.outgoingCandidates.splice(0)
      if (candidates.length > 0 && !this.closed) this.options.send('candidate', { candidates })
    }
    if (!candidate) flush()
    else if (this.candidateTimer === undefined) this.candidateTimer = setTimeout(flush, CANDIDATE_BATCH_MS)
  }

  private sendLocalDescription(): void {
    const description = this.pc.localDescription
    if (!description) return
    const type = description.type === 'offer' ? 'offer' : 'answer'
    this.options.send(type, { type, sdp: description.sdp })
  }

  /**
   * The transceiver that carries `kind` between us: the one negotiated for it, or (impolite side, before the
   * first answer) the one we created.
   */
  private mediaTransceiver(kind: MediaKind, options: { ownUnnegotiated: boolean }): RTCRtpTransceiver | undefined {
    const { ownUnnegotiated } = options
    return this.pc
      .getTransceivers()
      .find(
        (t) =>
          t.receiver.track.kind === kind &&
          t.currentDirection !== 'stopped' &&
          t.direction !== 'stopped' &&
          (t.mid !== null || ownUnnegotiated),
      )
  }

  // ------------------------------------------------------------------ remote media and health

  /** Tells the session when the peer's tracks change: a track counts while the peer sends on it. */
  private reportRemoteMedia(): void {
    if (this.closed) return
    const receiving = (kind: MediaKind) => {
      const transceiver = this.mediaTransceiver(kind, { ownUnnegotiated: false })
      const direction = transceiver?.currentDirection
      return transceiver && (direction === 'sendrecv' || direction === 'recvonly') ? transceiver.receiver.track : null
    }
    const next = { audio: receiving('audio'), video: receiving('video') }
    if (next.audio === this.remote.audio && next.video === this.remote.video) return
    this.remote = next
    this.options.onRemoteMedia({ participantId: this.peerId, ...next })
  }

  private onConnectionStateChange(): void {
    const state = this.pc.connectionState
    if (state === 'connected') {
      this.everConnected = true
      clearTimeout(this.restartTimer)
      this.restartTimer = undefined
    } else if (isDown(state)) {
      this.scheduleIceRestart(state === 'failed' ? FAILED_GRACE_MS : DISCONNECTED_GRACE_MS)
    }
    this.options.onConnectionStateChange()
  }

  /**
   * A path that went down while we are online gets an ICE restart after a short grace period, and again every
   * ICE_RETRY_MS while it stays down. Offline, the session restarts it when the network is back.
   */
  private scheduleIceRestart(delayMs: number): void {
    if (this.closed || this.restartTimer !== undefined) return
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined
      if (this.closed || !isDown(this.pc.connectionState)) return
      if (navigator.onLine) this.pc.restartIce()
      this.scheduleIceRestart(ICE_RETRY_MS)
    }, delayMs)
  }
}

function isDown(state: RTCPeerConnectionState): boolean {
  return state === 'disconnected' || state === 'failed'
}

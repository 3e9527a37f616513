/**
 * MediaSession as a WebRTC mesh signalled through Firestore: the development and test media backend (Agora's
 * cloud is out of reach offline). One RTCPeerConnection per peer (MeshPeer); peers are the visit's participant
 * documents that are 'in-visit' with a fresh heartbeat; signals go through FirestoreSignalling.
 *
 * Connection state, as the visit shows it:
 * - connecting: until Firestore has answered from the server once;
 * - reconnecting: the browser is offline, Firestore cannot reach its server, or, after being offline, a peer
 *   whose media flowed before is not back yet;
 * - connected: otherwise (alone in the visit included); disconnected: after leave().
 * A peer's path that breaks while we are online is that peer's problem (their network, most likely): MeshPeer
 * restarts ICE, and our own state stays connected. Nothing here ever reloads the page.
 */
import {
  collection,
  getDocsFromServer,
  onSnapshot,
  type CollectionReference,
  type QuerySnapshot,
  type Timestamp,
} from 'firebase/firestore'
import type { ConnectionState } from '@domain/connectionStrength'
import { PRESENCE_STALE_MS, type MediaAccess, type ParticipantState } from '@domain/visit'
import type { MediaSession, MediaSessionOptions } from '../MediaSession'
import { paths } from '@/firebase/paths'
import { MediaSessionCore } from '../MediaSessionCore'
import { FirestoreSignalling } from './FirestoreSignalling'
import { MeshPeer, type MediaKind } from './MeshPeer'
import { isPolite, peerPresence, type PresenceSnapshot } from './meshPresence'
import {
  connectionId,
  signalVerdict,
  type ReceivedSignal,
  type SignalEnvelope,
  type SignalType,
} from './signalEnvelope'
import { sampleRemoteAudioLevels } from './remoteAudioLevels'
import { bestQuality } from './statsQuality'
import { markVisitStep } from '@/visit/visitTimings'

/** Agora reports network quality every 2 s; so do we. */
const QUALITY_INTERVAL_MS = 2_000
/** How often presence is re-read for staleness (heartbeats stop changing documents when someone vanishes). */
const PRESENCE_CHECK_MS = 5_000
/** A connection that never carried media this long is started afresh (a lost offer, a peer that reloaded). */
const NEVER_CONNECTED_RETRY_MS = 20_000
/**
 * A connection that has not brought the video the peer's presence says it sends, this long after it was opened,
 * is started afresh: after a reload the two sides can settle on a negotiation without that track.
 */
const MISSING_VIDEO_RETRY_MS = 12_000
/** A peer who is not (or no longer) in the visit keeps a connection this long, in case presence lags behind. */
const PRESENCE_GRACE_MS = 15_000
/** How long Firestore may serve from its cache (without an 'offline' event) before we call it a lost connection. */
const SERVER_LOSS_GRACE_MS = 4_000
/** Retry reaching Firestore's server this often after the network came back. */
const SERVER_PROBE_RETRY_MS = 2_000
/** Renew media access this long before it expires (fresh ICE servers). */
const RENEW_BEFORE_MS = 60_000
/** leave() waits this long at most for its byes to reach the server. */
const BYE_TIMEOUT_MS = 2_000

type WebRtcAccess = Extract<MediaAccess, { provider: 'webrtc' }>

interface LocalMedia {
  audio: MediaStreamTrack | null
  video: MediaStreamTrack | null
  audioMuted: boolean
  videoMuted: boolean
}

interface PresenceFields {
  state?: ParticipantState
  lastSeenAt?: Timestamp | null
  media?: { video?: boolean; screen?: boolean }
}

export class WebRtcMeshSession extends MediaSessionCore implements MediaSession {
  readonly provider = 'webrtc' as const
  readonly selfId: string

  private readonly signalling: FirestoreSignalling
  private readonly participants: CollectionReference
  /** This join's id: peers tell our connections from those of an earlier page with the same uid. */
  private readonly sessionId = randomId()
  private connectionCount = 0
  private seq = 0
  private iceServers: RTCIceServer[]

  private readonly peers = new Map<string, MeshPeer>()
  /** Signal handling per peer, in order, across connection replacements. */
  private readonly peerQueues = new Map<string, Promise<void>>()
  private readonly presence = new Map<string, PresenceSnapshot>()
  /** When each peer last said bye: we let them come back to us rather than chase them while presence lags. */
  private readonly byeAt = new Map<string, number>()

  /** What the caller handed us to publish; the tracks stay theirs. */
  private readonly local: LocalMedia = { audio: null, video: null, audioMuted: false, videoMuted: false }

  /** The listeners are open (prepare() or join()). */
  private opened = false
  private joined = false
  private left = false
  /** Signals that arrived between prepare() and join(), handled in order at join. */
  private readonly earlySignals: ReceivedSignal[] = []
  private listeningForSignals = false
  private reachedServer = false
  private serverReachable = false
  /** Set when the browser went offline; cleared once everything is back. */
  private recovering = false
  private probing = false
  private latestFromServer = false
  private serverLossTimer: ReturnType<typeof setTimeout> | undefined
  private readonly stops: (() => void)[] = []

  constructor(private readonly options: MediaSessionOptions) {
    super()
    if (options.access.provider !== 'webrtc') throw new Error('WebRtcMeshSession needs WebRTC media access.')
    this.selfId = options.access.uid
    this.iceServers = options.access.iceServers
    this.participants = collection(options.firestore, paths.visitParticipants(options.practiceId, options.appointmentId))
    this.signalling = new FirestoreSignalling(options.firestore, options.practiceId, options.appointmentId, this.selfId)
  }

  /**
   * Before the join (while waiting): starts following presence and, after its first snapshot, signals, so the join
   * finds both listeners answered. Connects to no one and handles no signal until join(): signals that arrive
   * meanwhile wait for it.
   */
  prepare(): void {
    if (this.opened || this.left) return
    this.opened = true
    this.stops.push(
      onSnapshot(
        this.participants,
        { includeMetadataChanges: true },
        (snapshot) => this.onParticipants(snapshot),
        (err) => console.warn('WebRTC: presence listener failed', err),
      ),
    )
  }

  /**
   * Follows presence and signals (opened now unless prepare() did it) and connects to every peer in the visit.
   * Resolves at once; the state goes to 'connected' when Firestore's server has answered.
   */
  async join(): Promise<void> {
    if (this.joined || this.left) return
    this.prepare()
    this.joined = true
    this.stops.push(
      listenTo(window, 'online', () => this.onOnline()),
      listenTo(window, 'offline', () => this.onOffline()),
      every(QUALITY_INTERVAL_MS, () => void this.reportQuality()),
      every(PRESENCE_CHECK_MS, () => this.reconcilePeers()),
      sampleRemoteAudioLevels(
        () => this.remoteMedia(),
        (levels) => this.events.emit('audio-levels', levels),
      ),
    )
    this.scheduleRenewal(this.options.access as WebRtcAccess)
    this.reconcilePeers()
    this.earlySignals.splice(0).forEach((signal) => this.inPeerOrder(signal.from, () => this.onSignal(signal)))
    this.updateState()
  }

  async leave(): Promise<void> {
    if (this.left) return
    this.left = true
    // Say bye first, so peers close at once instead of waiting for presence to go stale. (A patient's signals
    // are refused once their End call has revoked the invite, so leave the media before that.)
    const byes = [...this.peers.values()]
      .filter((peer) => peer.binding.remoteConnection !== null)
      .map((peer) => this.sendSignal(peer, 'bye', null))
    this.stops.splice(0).forEach((stop) => stop())
    clearTimeout(this.serverLossTimer)
    for (const peer of this.peers.values()) peer.close()
    this.peers.clear()
    this.remote.clear()
    await Promise.race([Promise.all(byes), delay(BYE_TIMEOUT_MS)])
    this.closeSession()
  }

  publishCamera(track: MediaStreamTrack): Promise<void> {
    this.local.video = track
    return this.updateLocalMedia()
  }

  publishScreen(track: MediaStreamTrack): Promise<void> {
    this.local.video = track
    return this.updateLocalMedia()
  }

  publishMicrophone(track: MediaStreamTrack): Promise<void> {
    this.local.audio = track
    return this.updateLocalMedia()
  }

  unpublishVideo(): Promise<void> {
    this.local.video = null
    return this.updateLocalMedia()
  }

  setMicrophoneMuted(muted: boolean): Promise<void> {
    this.local.audioMuted = muted
    return this.updateLocalMedia()
  }

  setVideoMuted(muted: boolean): Promise<void> {
    this.local.videoMuted = muted
    return this.updateLocalMedia()
  }

  // ------------------------------------------------------------------ local media

  private sending(kind: MediaKind): MediaStreamTrack | null {
    if (kind === 'audio') return this.local.audioMuted ? null : this.local.audio
    return this.local.videoMuted ? null : this.local.video
  }

  private async updateLocalMedia(): Promise<void> {
    if (this.left) return
    await Promise.all([...this.peers.values()].map((peer) => peer.updateLocalMedia()))
  }

  // ------------------------------------------------------------------ presence → peers

  private onParticipants(snapshot: QuerySnapshot): void {
    if (this.left) return
    this.presence.clear()
    for (const doc of snapshot.docs) {
      const data = doc.data({ serverTimestamps: 'estimate' }) as PresenceFields
      if (!data.state) continue
      this.presence.set(doc.id, {
        id: doc.id,
        state: data.state,
        lastSeenMs: data.lastSeenAt?.toMillis() ?? null,
        sendsVideo: Boolean(data.media?.video || data.media?.screen),
      })
    }
    this.onServerContact(!snapshot.metadata.fromCache)
    if (this.joined) this.reconcilePeers()
    // Signals only after we know who is here, so our own offers go out before we answer leftovers.
    if (!this.listeningForSignals) {
      this.listeningForSignals = true
      this.stops.push(
        this.signalling.listen(
          (signals) => {
            if (!this.joined) return void this.earlySignals.push(...signals)
            signals.forEach((signal) => this.inPeerOrder(signal.from, () => this.onSignal(signal)))
          },
          (err) => console.warn('WebRTC: signal listener failed', err),
        ),
      )
    }
    this.updateState()
  }

  /** Connects to peers who are in the visit, drops those who left, and starts afresh where nothing ever flowed. */
  private reconcilePeers(): void {
    if (this.left) return
    const now = Date.now()
    for (const participant of this.presence.values()) {
      if (participant.id === this.selfId || this.peers.has(participant.id)) continue
      const saidByeRecently = now - (this.byeAt.get(participant.id) ?? 0) < PRESENCE_STALE_MS
      if (peerPresence(participant, now) === 'active' && !saidByeRecently) {
        this.openPeer(participant.id, { announce: true })
      }
    }
    for (const peer of [...this.peers.values()]) {
      const presence = peerPresence(this.presence.get(peer.peerId), now)
      const flowing = peer.pc.connectionState === 'connected'
      const age = now - peer.createdAtMs
      if (presence === 'left') {
        this.closePeer(peer.peerId, { left: true })
      } else if (!this.canSignal()) {
        // Offline, everyone's heartbeat looks old from here, and a fresh start could not be signalled anyway.
      } else if (presence !== 'active' && !flowing && age > PRESENCE_GRACE_MS) {
        this.closePeer(peer.peerId, { left: true })
      } else if (presence === 'active' && !peer.everConnected && age > NEVER_CONNECTED_RETRY_MS) {
        this.closePeer(peer.peerId, { left: false })
        this.openPeer(peer.peerId, { announce: true })
      } else if (
        presence === 'active' &&
        this.presence.get(peer.peerId)?.sendsVideo &&
        !this.remote.get(peer.peerId)?.video &&
        age > MISSING_VIDEO_RETRY_MS
      ) {
        this.closePeer(peer.peerId, { left: false })
        this.openPeer(peer.peerId, { announce: true })
      }
    }
  }

  private openPeer(peerId: string, { announce }: { announce: boolean }): MeshPeer {
    const peer: MeshPeer = new MeshPeer({
      peerId,
      polite: isPolite(this.selfId, peerId),
      localConnection: connectionId(this.sessionId, ++this.connectionCount),
      iceServers: this.iceServers,
      announce,
      sending: (kind) => this.sending(kind),
      send: (type, data) => void this.sendSignal(peer, type, data),
      onRemoteMedia: (media) => {
        if (this.peers.get(peerId) !== peer) return
        if (media.video) markVisitStep('remote-video')
        this.emitRemote(media)
      },
      onConnectionStateChange: () => {
        if (peer.pc.connectionState === 'connected') markVisitStep('peer-connected')
        this.updateState()
      },
    })
    this.peers.set(peerId, peer)
    return peer
  }

  /** Closes our connection to a peer; `left`: they are gone (not just reconnecting with a new connection). */
  private closePeer(peerId: string, { left }: { left: boolean }): void {
    const peer = this.peers.get(peerId)
    if (!peer) return
    peer.close()
    this.peers.delete(peerId)
    const hadMedia = this.remote.delete(peerId)
    if (left && hadMedia) this.events.emit('participant-left', { participantId: peerId })
    else if (hadMedia) this.emitRemote({ participantId: peerId, audio: null, video: null })
    this.updateState()
  }

  // ------------------------------------------------------------------ signals

  private sendSignal(peer: MeshPeer, type: SignalType, data: SignalEnvelope['data']): Promise<void> {
    const envelope: SignalEnvelope = {
      session: this.sessionId,
      connection: peer.binding.localConnection,
      toConnection: peer.binding.remoteConnection,
      seq: ++this.seq,
      data,
    }
    return this.signalling.send(peer.peerId, type, envelope).catch((err: unknown) => {
      // Once the visit has ended (or a patient's invite is spent) the rules refuse signals; a bye then has
      // nothing left to tell, as everyone is leaving anyway.
      if (type === 'bye' && (err as { code?: string }).code === 'permission-denied') return
      console.warn(`WebRTC: could not send ${type} to ${peer.peerId}`, err)
    })
  }

  private inPeerOrder(peerId: string, step: () => Promise<void>): void {
    const next = (this.peerQueues.get(peerId) ?? Promise.resolve())
      .then(step)
      .catch((err: unknown) => console.warn(`WebRTC: signal from ${peerId} failed`, err))
    this.peerQueues.set(peerId, next)
  }

  private async onSignal(signal: ReceivedSignal): Promise<void> {
    this.signalling.remove(signal.id)
    if (this.left) return
    const from = signal.from
    let peer = this.peers.get(from)
    switch (signalVerdict(signal, peer?.binding ?? null)) {
      case 'drop':
        return
      case 'create':
        if (peerPresence(this.presence.get(from), Date.now()) === 'left') return // a leftover from someone gone
        peer = this.openPeer(from, { announce: false })
        break
      case 'replace':
        this.closePeer(from, { left: false })
        peer = this.openPeer(from, { announce: false })
        break
      case 'bind':
      case 'handle':
        break
    }
    if (!peer) return
    if (peer.binding.remoteConnection === null) {
      peer.bind(signal)
      // Like Agora's user-joined: the peer is here, tracks follow.
      if (!this.remote.has(from)) this.emitRemote({ participantId: from, audio: null, video: null })
    }
    if (signal.type === 'bye') {
      this.byeAt.set(from, Date.now())
      this.closePeer(from, { left: true })
      return
    }
    await peer.handleSignal(signal)
  }

  // ------------------------------------------------------------------ connection state and quality

  private canSignal(): boolean {
    return navigator.onLine && this.serverReachable
  }

  /**
   * Firestore marks snapshots `fromCache` when it has lost its server. It also does so for a moment while it
   * re-syncs a listener, so only a loss that lasts SERVER_LOSS_GRACE_MS counts (the 'offline' event counts at once).
   */
  private onServerContact(fromServer: boolean): void {
    this.latestFromServer = fromServer
    if (fromServer) {
      this.reachedServer = this.serverReachable = true
      clearTimeout(this.serverLossTimer)
      this.serverLossTimer = undefined
    } else if (this.serverReachable && this.serverLossTimer === undefined) {
      this.serverLossTimer = setTimeout(() => {
        this.serverLossTimer = undefined
        if (this.latestFromServer || this.left) return
        this.serverReachable = false
        this.updateState()
      }, SERVER_LOSS_GRACE_MS)
    }
  }

  private onOffline(): void {
    this.serverReachable = false
    this.recovering = true
    this.updateState()
  }

  private onOnline(): void {
    for (const peer of this.peers.values()) peer.restartIceIfDown()
    void this.probeServer()
    this.updateState()
  }

  /** After the network came back: ask Firestore's server directly rather than wait for the listener to notice. */
  private async probeServer(): Promise<void> {
    if (this.probing) return
    this.probing = true
    try {
      while (!this.left && navigator.onLine && !this.serverReachable) {
        try {
          await getDocsFromServer(this.participants)
          this.serverReachable = true
        } catch {
          await delay(SERVER_PROBE_RETRY_MS)
        }
      }
    } finally {
      this.probing = false
      this.updateState()
    }
  }

  private computeState(): ConnectionState {
    if (this.left) return 'disconnected'
    if (!this.joined || !this.reachedServer) return 'connecting'
    if (!navigator.onLine || !this.serverReachable) return 'reconnecting'
    const stillDown = [...this.peers.values()].some(
      (peer) => peer.everConnected && peer.pc.connectionState !== 'connected',
    )
    if (this.recovering && stillDown) return 'reconnecting'
    return 'connected'
  }

  private updateState(): void {
    const next = this.computeState()
    if (next === 'connected') this.recovering = false
    this.setState(next)
  }

  private async reportQuality(): Promise<void> {
    const unknown = { uplink: 0, downlink: 0 } as const
    const samples = await Promise.all([...this.peers.values()].map((peer) => peer.sampleQuality().catch(() => unknown)))
    if (this.left) return
    this.events.emit('network-quality', {
      uplink: bestQuality(samples.map((sample) => sample.uplink)),
      downlink: bestQuality(samples.map((sample) => sample.downlink)),
    })
  }

  /** Fresh access (ICE servers) before the current one expires; mesh connections never depend on a token. */
  private scheduleRenewal(access: WebRtcAccess): void {
    const dueInMs = Date.parse(access.expiresAt) - Date.now() - RENEW_BEFORE_MS
    if (Number.isNaN(dueInMs)) return
    const timer = setTimeout(() => void this.renew(), Math.min(Math.max(dueInMs, 5_000), 2 ** 31 - 1))
    this.stops.push(() => clearTimeout(timer))
  }

  private async renew(): Promise<void> {
    if (this.left) return
    try {
      const access = await this.options.renewAccess()
      if (this.left || access.provider !== 'webrtc') return
      this.iceServers = access.iceServers
      for (const peer of this.peers.values()) peer.setIceServers(access.iceServers)
      this.scheduleRenewal(access)
    } catch (err) {
      console.warn('WebRTC: could not renew media access', err)
      const timer = setTimeout(() => void this.renew(), 30_000)
      this.stops.push(() => clearTimeout(timer))
    }
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function every(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms)
  return () => clearInterval(timer)
}

function listenTo(target: Window, event: string, handler: () => void): () => void {
  target.addEventListener(event, handler)
  return () => target.removeEventListener(event, handler)
}

/**
 * The bookkeeping both media sessions share, so they report alike: the connection state, the remote participants'
 * media, and the events that announce a change to either. Each subclass only connects and publishes.
 */
import type { ConnectionState } from '@domain/connectionStrength'
import { TypedEvents } from '@/lib/TypedEvents'
import type { MediaSessionEvents, RemoteMedia } from './MediaSession'

export abstract class MediaSessionCore {
  protected readonly events = new TypedEvents<MediaSessionEvents>('media session')
  protected readonly remote = new Map<string, RemoteMedia>()
  private state: ConnectionState = 'connecting'

  get connectionState(): ConnectionState {
    return this.state
  }

  on<K extends keyof MediaSessionEvents>(event: K, handler: (payload: MediaSessionEvents[K]) => void): () => void {
    return this.events.on(event, handler)
  }

  remoteMedia(): RemoteMedia[] {
    return [...this.remote.values()]
  }

  protected setState(next: ConnectionState): void {
    if (next === this.state) return
    this.state = next
    this.events.emit('connection-state', next)
  }

  /** Records a participant's current media and tells the UI. */
  protected emitRemote(media: RemoteMedia): void {
    this.remote.set(media.participantId, media)
    this.events.emit('remote-media', media)
  }

  /** The end of a leave: nobody remains, the state says so, and no handler hears anything more. */
  protected closeSession(): void {
    this.remote.clear()
    this.setState('disconnected')
    this.events.clear()
  }
}

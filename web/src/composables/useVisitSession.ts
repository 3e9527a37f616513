import type { VisitRef } from '@domain/visit'
import { computed } from 'vue'
import type { VisitBackend } from '@/firebase/visitBackend'
import { useBrowserSupport } from './useBrowserSupport'
import { useLocalMedia } from './useLocalMedia'
import { useMediaDevices } from './useMediaDevices'
import { useMediaFlags } from './useMediaFlags'
import { useNetworkProbe } from './useNetworkProbe'
import { useVisitCall } from './useVisitCall'
import { useVisitRoom } from './useVisitRoom'

/**
 * Everything one side of a video visit runs, the same for the practitioner's page and the patient's: browser
 * support, devices, local media, the room (visit and participants), the media call, this side's connection
 * strength and media flags. The page owns only what differs (who may start, what End means); `<VisitStage
 * :session>` renders the visit from this one object, so a feature beside the grid (chat) is added once.
 */
export function useVisitSession(options: {
  backend: VisitBackend
  visit: VisitRef
  /** In the media call: strength comes from the call; before it, from a small server round trip. */
  inCall: () => boolean
  /** That round trip (a read from the server). */
  probe: () => Promise<unknown>
}) {
  const { backend, visit } = options
  const support = useBrowserSupport()
  const devices = useMediaDevices()
  const local = useLocalMedia({ browser: support.browser })
  const room = useVisitRoom(backend, visit.practiceId, visit.appointmentId)
  const call = useVisitCall({ backend, visit, local })
  const probe = useNetworkProbe(options.probe)
  const strength = computed(() => (options.inCall() ? call.strength.value : probe.strength.value))
  const media = useMediaFlags(local)
  return { backend, visit, selfId: backend.uid, support, devices, local, room, call, strength, media }
}

export type VisitSession = ReturnType<typeof useVisitSession>

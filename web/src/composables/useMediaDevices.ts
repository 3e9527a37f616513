import { computed, onScopeDispose, readonly, ref, shallowRef, type ComputedRef, type Ref } from 'vue'

/** One camera, microphone or speaker, ready for a picker. */
export interface DeviceOption {
  deviceId: string
  /** The browser's label, or "Camera 2" and the like before permission is granted (browsers hide labels). */
  label: string
}

export interface AvailableDevices {
  cameras: ComputedRef<DeviceOption[]>
  microphones: ComputedRef<DeviceOption[]>
  /** Empty where the browser doesn't list outputs (Safari; Firefox before a speaker is chosen). */
  speakers: ComputedRef<DeviceOption[]>
  /** False until the page may use the camera or microphone: until then the browser hides device names. */
  labelled: ComputedRef<boolean>
  /** True until the first list has arrived. */
  pending: Readonly<Ref<boolean>>
  /** Reads the list again (after permission is granted, when labels appear). */
  refresh(): Promise<void>
}

const FALLBACK_NAMES: Record<MediaDeviceKind, string> = {
  videoinput: 'Camera',
  audioinput: 'Microphone',
  audiooutput: 'Speaker',
}

function optionsOf(devices: MediaDeviceInfo[], kind: MediaDeviceKind): DeviceOption[] {
  return devices
    .filter((device) => device.kind === kind && device.deviceId !== '')
    .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `${FALLBACK_NAMES[kind]} ${index + 1}` }))
}

/**
 * The cameras, microphones and speakers the browser offers, grouped for pickers. Read again when a device is
 * plugged in or out (`devicechange`) and when camera or microphone permission changes (names appear only once
 * it is granted; call `refresh()` after opening a device too, for browsers without the Permissions API).
 * Listeners stop with the calling scope.
 */
export function useMediaDevices(): AvailableDevices {
  const devices = shallowRef<MediaDeviceInfo[]>([])
  const pending = ref(true)
  const mediaDevices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined
  let latest = 0

  async function refresh(): Promise<void> {
    if (!mediaDevices?.enumerateDevices) {
      pending.value = false
      return
    }
    // Out-of-order answers (a devicechange burst while plugging in a headset) must not overwrite newer ones.
    const request = ++latest
    try {
      const list = await mediaDevices.enumerateDevices()
      if (request === latest) devices.value = list
    } catch {
      // Keep the last list: a failed read (rare, e.g. a document being unloaded) shouldn't empty the pickers.
    } finally {
      if (request === latest) pending.value = false
    }
  }

  const onDeviceChange = () => void refresh()
  mediaDevices?.addEventListener?.('devicechange', onDeviceChange)

  // Where the Permissions API knows camera and microphone (Chrome, Edge, Safari 16+, Firefox 131+), a grant
  // made in the browser's prompt or site settings refreshes the names without the page doing anything.
  const permissionStatuses: PermissionStatus[] = []
  let disposed = false
  for (const name of ['camera', 'microphone'] as const) {
    navigator.permissions
      ?.query({ name: name as PermissionName })
      .then((status) => {
        if (disposed) return
        status.addEventListener('change', onDeviceChange)
        permissionStatuses.push(status)
      })
      .catch(() => {}) // not a known permission name in this browser
  }

  onScopeDispose(() => {
    disposed = true
    mediaDevices?.removeEventListener?.('devicechange', onDeviceChange)
    for (const status of permissionStatuses) status.removeEventListener('change', onDeviceChange)
  })

  void refresh()

  return {
    cameras: computed(() => optionsOf(devices.value, 'videoinput')),
    microphones: computed(() => optionsOf(devices.value, 'audioinput')),
    speakers: computed(() => optionsOf(devices.value, 'audiooutput')),
    labelled: computed(() => devices.value.some((device) => device.kind !== 'audiooutput' && device.label !== '')),
    pending: readonly(pending),
    refresh,
  }
}

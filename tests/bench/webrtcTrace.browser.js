/**
 * `BENCH_TRACE=1 npm run bench -- video`: a timeline of what WebRTC and the page's media do on each side around
 * Start (tests/bench/videoTrace.ts prints it). Added to each page before the app loads (a plain script, read as
 * text: the page runs it as it is). It records, as wall-clock instants:
 * - each RTCPeerConnection's events and descriptions (with the m-lines' directions), and its senders' tracks;
 * - calls that touch local media: getUserMedia, replaceTrack, play, a video or audio element's srcObject;
 * - every 100 ms from __startSampling(): the video sender's and receiver's counters (media-source frames, frames
 *   encoded and decoded, quality limitation) and, for each <video>, the frames it showed and its track's own
 *   counters (frames captured / frames delivered to sinks), so frames held back before the encoder show.
 */
(() => {
  const now = () => performance.timeOrigin + performance.now()
  const log = (window.__webrtcTrace = [])
  const note = (what) => log.push([now(), what])
  const directions = (sdp) =>
    (sdp || '')
      .split('\n')
      .filter((line) => /^m=|^a=(sendrecv|recvonly|sendonly|inactive)/.test(line))
      .map((line) => line.trim().replace(/^m=(\w+).*/, '$1'))
      .join(' ')

  const connections = []
  const Native = window.RTCPeerConnection
  window.RTCPeerConnection = function (...args) {
    const pc = new Native(...args)
    const id = connections.push(pc)
    const event = (what) => note(`pc${id} ${what}`)
    event('created')
    pc.addEventListener('negotiationneeded', () => event('negotiationneeded'))
    pc.addEventListener('signalingstatechange', () => event(`signalling ${pc.signalingState}`))
    pc.addEventListener('connectionstatechange', () => event(`connection ${pc.connectionState}`))
    pc.addEventListener('track', (e) => event(`remote ${e.track.kind} track`))
    const setLocal = pc.setLocalDescription.bind(pc)
    pc.setLocalDescription = async (description) => {
      for (const sender of pc.getSenders()) if (sender.track) event(`sending ${sender.track.kind} (${sender.track.readyState})`)
      const done = await setLocal(description)
      event(`local ${pc.localDescription?.type}: ${directions(pc.localDescription?.sdp) || 'no m-lines'}`)
      return done
    }
    const setRemote = pc.setRemoteDescription.bind(pc)
    pc.setRemoteDescription = async (description) => {
      event(`remote ${description.type} arrives: ${directions(description.sdp) || 'no m-lines'}`)
      return setRemote(description)
    }
    return pc
  }
  window.RTCPeerConnection.prototype = Native.prototype
  Object.setPrototypeOf(window.RTCPeerConnection, Native)

  const traceCalls = (target, name) => {
    const original = target[name]
    target[name] = function (...args) {
      note(`${name}${this?.dataset?.testid ? ` ${this.dataset.testid}` : ''}`)
      return original.apply(this, args)
    }
  }
  traceCalls(HTMLMediaElement.prototype, 'play')
  traceCalls(RTCRtpSender.prototype, 'replaceTrack')
  traceCalls(navigator.mediaDevices, 'getUserMedia')
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    get() {
      return srcObject.get.call(this)
    },
    set(stream) {
      note(`srcObject ${this.dataset.testid || this.tagName}: ${stream ? stream.getTracks().map((t) => t.kind).join('+') : 'none'}`)
      srcObject.set.call(this, stream)
    },
  })

  async function connectionCounters() {
    const rows = []
    for (const [index, pc] of connections.entries()) {
      if (pc.connectionState === 'closed') continue
      const row = { pc: index + 1 }
      ;(await pc.getStats()).forEach((stat) => {
        if (stat.kind !== 'video') return
        if (stat.type === 'media-source') row.sourceFrames = stat.frames
        if (stat.type === 'outbound-rtp') Object.assign(row, { encoded: stat.framesEncoded, limitedBy: stat.qualityLimitationReason })
        if (stat.type === 'inbound-rtp') row.decoded = stat.framesDecoded
      })
      rows.push(row)
    }
    return rows
  }
  const videos = () =>
    [...document.querySelectorAll('video')].map((video) => {
      const track = video.srcObject?.getVideoTracks()[0]
      const counts = track?.stats ? ` track ${track.stats.deliveredFrames}/${track.stats.totalFrames} delivered` : ''
      return `${video.dataset.testid || 'video'} ${video.getVideoPlaybackQuality().totalVideoFrames} shown${video.paused ? ' (paused)' : ''}${counts}`
    })

  window.__startSampling = (forMs = 6_000) => {
    const until = now() + forMs
    let last = ''
    const sample = async () => {
      const line = `${JSON.stringify(await connectionCounters())} ${videos().join(', ')}`
      if (line !== last) note(`sample ${line}`)
      last = line
      if (now() < until) setTimeout(sample, 100)
    }
    void sample()
  }
})()

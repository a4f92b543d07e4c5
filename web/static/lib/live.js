// The live-session protocol of the device (docs/server/live.md): binary landmark frames over a WebSocket,
// kept until the server acknowledges them and sent again after a reconnect, and the JSON events back.

export const N_LANDMARKS = 33;
const HEADER = 16;

/** One type-2 frame: image landmarks then world landmarks, f32 x, y, z, visibility each (NaN: missing). */
export function encodeFrame(seq, captureUs, image, world) {
  const n = N_LANDMARKS;
  const buf = new ArrayBuffer(HEADER + 32 * n);
  const dv = new DataView(buf);
  dv.setUint8(0, 1);
  dv.setUint8(1, 2);
  dv.setUint16(2, n, true);
  dv.setUint32(4, seq, true);
  dv.setBigInt64(8, BigInt(captureUs), true);
  let o = HEADER;
  for (const set of [image, world]) {
    for (let i = 0; i < n; i++) {
      const l = set && set[i];
      const ok = l && Number.isFinite(l.x) && Number.isFinite(l.y);
      dv.setFloat32(o, ok ? l.x : NaN, true);
      dv.setFloat32(o + 4, ok ? l.y : NaN, true);
      dv.setFloat32(o + 8, ok && Number.isFinite(l.z) ? l.z : 0, true);
      dv.setFloat32(o + 12, ok && Number.isFinite(l.visibility) ? l.visibility : NaN, true);
      o += 16;
    }
  }
  return buf;
}

export function wsUrl(path) {
  const u = new URL(path, window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

// A device keeps at most this many unacknowledged frames (about 5 minutes at 20 frames/s); the server
// stores a set as interrupted after --live-resume-seconds (default 120 s) without its device anyway.
const MAX_KEPT = 6000;

/**
 * The device's connection. onEvent(message) gets every JSON message; onState({connected, reconnecting,
 * closed, reason}) the connection's state. push() sends or keeps a frame; end() asks for the set's end
 * once every kept frame is out.
 */
export class DeviceLink {
  constructor({ url, token, onEvent, onState }) {
    this.url = wsUrl(url);
    this.token = token;
    this.onEvent = onEvent;
    this.onState = onState;
    this.kept = []; // [{seq, bytes}] not yet acknowledged, in seq order
    this.seq = 0;
    this.ready = false;
    this.ending = false;
    this.done = false;
    this.attempt = 0;
    this.sent = 0;
    this.acknowledged = 0;
    this.connect();
  }

  connect() {
    if (this.done) return;
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.ready = false;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: this.token }));
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return;
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        return;
      }
      if (m.type === 'ready') {
        this.attempt = 0;
        this.drop(m.next_seq);
        this.ready = true;
        this.onState({ connected: true });
        for (const f of this.kept) this.send(f);
        this.sendPain();
        if (this.ending) this.sendEnd();
      } else if (m.type === 'ack') this.drop(m.next_seq);
      else if (m.type === 'refused' && typeof m.seq === 'number' && m.seq > m.next_seq) {
        // A gap (a frame lost between sends): send again from the first frame the server needs.
        this.drop(m.next_seq);
        for (const f of this.kept) this.send(f);
      }
      if (typeof m.next_seq === 'number' && m.type !== 'refused') this.drop(m.next_seq);
      if (m.type === 'set_complete') this.done = true;
      this.onEvent(m);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ready = false;
      if (this.done || e.code === 1000) {
        this.done = true;
        this.onState({ closed: true, reason: e.reason });
        return;
      }
      if (e.code === 1008 && /replaced/.test(e.reason || '')) {
        this.done = true;
        this.onState({ closed: true, reason: 'This session continues in another window.' });
        return;
      }
      const delay = Math.min(8000, 500 * 2 ** this.attempt++);
      this.onState({ reconnecting: true, reason: e.reason, delay });
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  drop(nextSeq) {
    if (typeof nextSeq !== 'number') return;
    this.acknowledged = Math.max(this.acknowledged, nextSeq);
    let k = 0;
    while (k < this.kept.length && this.kept[k].seq < nextSeq) k++;
    if (k) this.kept.splice(0, k);
  }

  send(f) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.ready) {
      this.ws.send(f.bytes);
      this.sent++;
    }
  }

  /** A new frame from the pose estimator; returns its seq. */
  push(captureUs, image, world) {
    if (this.ending || this.done) return -1;
    const f = { seq: this.seq++, bytes: encodeFrame(this.seq - 1, captureUs, image, world) };
    if (this.firstUs === undefined) this.firstUs = captureUs;
    this.lastUs = captureUs;
    this.kept.push(f);
    if (this.kept.length > MAX_KEPT) this.kept.shift();
    this.send(f);
    return f.seq;
  }

  /** The patient's pain now (0-10): sent at once, or when the connection is back. */
  pain(nprs) {
    if (this.ending || this.done) return;
    this.pendingPain = nprs;
    this.sendPain();
  }

  sendPain() {
    if (this.pendingPain === undefined || !(this.ws && this.ws.readyState === WebSocket.OPEN && this.ready)) return;
    this.ws.send(JSON.stringify({ type: 'pain', nprs: this.pendingPain }));
    this.pendingPain = undefined;
  }

  sendEnd() {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.ready) this.ws.send(JSON.stringify({ type: 'end' }));
  }

  end() {
    this.ending = true;
    this.sendEnd();
  }

  close() {
    this.done = true;
    clearTimeout(this.timer);
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000, 'page closed');
  }

  /** For tests and the page: drop the connection as a network failure would (it reconnects). */
  dropConnection() {
    if (this.ws) this.ws.close(4000, 'dropped');
  }
}

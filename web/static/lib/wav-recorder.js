// Records the microphone as 16 kHz mono 16-bit PCM WAV, the format the clinic server's recogniser reads
// (docs/server/visit-capture.md): the samples are taken with an AudioWorklet at the device's rate, then
// averaged down to 16 kHz (a box filter over each output sample's input span, which removes what would
// fold back above 8 kHz well enough for speech) and written as a RIFF/WAVE file. Nothing leaves the page
// until the recording is stopped and sent.
const TARGET_RATE = 16000;

export async function startRecording() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia)
    throw new Error('This browser cannot record: use a current Chrome, Edge, Firefox or Safari.');
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: true } });
  const context = new AudioContext();
  await context.audioWorklet.addModule('/static/lib/pcm-capture-worklet.js');
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'pcm-capture', { numberOfInputs: 1, numberOfOutputs: 0 });
  const blocks = [];
  let samples = 0;
  node.port.onmessage = (e) => {
    blocks.push(e.data);
    samples += e.data.length;
  };
  source.connect(node);
  const rate = context.sampleRate;
  return {
    seconds: () => samples / rate,
    async stop() {
      source.disconnect();
      node.port.onmessage = null;
      for (const t of stream.getTracks()) t.stop();
      await context.close();
      return encodeWav(downsample(concat(blocks, samples), rate));
    },
    cancel() {
      source.disconnect();
      for (const t of stream.getTracks()) t.stop();
      context.close();
    },
  };
}

function concat(blocks, total) {
  const out = new Float32Array(total);
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

function downsample(input, rate) {
  if (rate === TARGET_RATE) return input;
  const ratio = rate / TARGET_RATE;
  const n = Math.floor(input.length / ratio);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(i * ratio);
    const b = Math.min(input.length, Math.max(a + 1, Math.floor((i + 1) * ratio)));
    let sum = 0;
    for (let j = a; j < b; j++) sum += input[j];
    out[i] = sum / (b - a);
  }
  return out;
}

/** A 16-bit PCM mono WAV Blob of samples in [-1, 1] at 16 kHz. */
export function encodeWav(samples) {
  const buffer = new ArrayBuffer(44 + samples.length * 2);
  const v = new DataView(buffer);
  const text = (at, s) => { for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i)); };
  text(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, TARGET_RATE, true);
  v.setUint32(28, TARGET_RATE * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    v.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return new Blob([buffer], { type: 'audio/wav' });
}

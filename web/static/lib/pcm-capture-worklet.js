// An AudioWorklet processor that hands the microphone's samples (first channel, Float32) to the page in
// blocks, for lib/wav-recorder.js. It outputs nothing: the visit is recorded, never played back live.
class PcmCapture extends AudioWorkletProcessor {
  process(inputs) {
    const input = inputs[0];
    if (input && input.length && input[0].length) this.port.postMessage(input[0].slice(0));
    return true;
  }
}
registerProcessor('pcm-capture', PcmCapture);

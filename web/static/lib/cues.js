// Spoken cues: short WAV clips rendered at set-up by scripts/render-cues.sh (espeak-ng) into
// /static/cues/, played with Web Audio one after another. Without the clips the page only shows the text.

const BASE = '/static/cues/';
let manifest;

/** The manifest (exercise facts and clip names), or null when the clips were not rendered. */
export async function cueManifest() {
  if (manifest === undefined) {
    try {
      const r = await fetch(`${BASE}manifest.json`, { credentials: 'same-origin' });
      manifest = r.ok ? await r.json() : null;
    } catch {
      manifest = null;
    }
  }
  return manifest;
}

/** A speaker for one exercise; start() must be called from a click (browsers start audio on a gesture). */
export function createSpeaker(exerciseId) {
  let ctx = null;
  let chain = Promise.resolve();
  const buffers = new Map();
  let enabled = true;
  const load = async (file) => {
    if (!buffers.has(file)) {
      buffers.set(file, (async () => {
        const r = await fetch(BASE + file, { credentials: 'same-origin' });
        if (!r.ok) return null;
        return ctx.decodeAudioData(await r.arrayBuffer());
      })().catch(() => null));
    }
    return buffers.get(file);
  };
  const play = (file) => {
    if (!enabled || !ctx || !file) return;
    const buffer = load(file);
    chain = chain.then(async () => {
      const b = await buffer;
      if (!b || !enabled) return;
      await new Promise((resolve) => {
        const src = ctx.createBufferSource();
        src.buffer = b;
        src.connect(ctx.destination);
        src.onended = resolve;
        src.start();
        setTimeout(resolve, b.duration * 1000 + 250);
      });
    });
  };
  return {
    async start() {
      const m = await cueManifest();
      if (!m || !m.spoken || !window.AudioContext) return false;
      ctx = ctx || new AudioContext();
      if (ctx.state === 'suspended') await ctx.resume().catch(() => {});
      return true;
    },
    setEnabled(on) {
      enabled = on;
    },
    /** A repetition count (1-30 are spoken). */
    count(n) {
      if (manifest && manifest.numbers) play(manifest.numbers[n]);
    },
    /** A cue event: its rule id names the clip. */
    cue(ruleId) {
      const ex = manifest && manifest.exercises && manifest.exercises[exerciseId];
      if (ex && ex.cues) play(ex.cues[ruleId]);
    },
    close() {
      enabled = false;
      if (ctx) ctx.close().catch(() => {});
    },
  };
}

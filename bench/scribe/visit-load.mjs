#!/usr/bin/env node
// A long visit recording transcribed on the clinic server while the server keeps answering
// (docs/server/visit-capture.md; figures in bench/RESULTS.md):
//   node bench/scribe/visit-load.mjs [PHYSIO] [MINUTES]
//     PHYSIO   the physio binary (default build/release/bin/physio)
//     MINUTES  length of the recording (default 30)
// The recording is speech synthesised by espeak-ng (voice en-us, 160 words a minute) from the ACI-BENCH
// validation dialogues in ../shared/data (CC BY 4.0), repeated to the length asked: synthesised speech,
// not a real visit. Measured: the recognition's wall time from upload to transcript (real-time factor),
// the progress reports the page sees, and the latency of a patient-record read (GET /api/patients/{id},
// one client, back to back) before the upload (baseline, same run) and while the recording is recognised.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const physio = path.resolve(process.argv[2] || path.join(REPO, 'build', 'release', 'bin', 'physio'));
const minutes = Number(process.argv[3] || 30);
const shared = process.env.PHYSIO_SHARED_DATA_DIR || path.join(REPO, '..', 'shared', 'data');
if (!existsSync(physio)) throw new Error(`no physio binary at ${physio} (make bench, or pass its path)`);
process.env.PHYSIO_BIN = physio;
process.env.PHYSIO_SHARED_DATA_DIR = shared;
const { Clinic, apiSession } = await import('../../tests/web/lib/harness.mjs');

const clinic = new Clinic('visit-load');
const text = path.join(clinic.dir, 'visit.txt');
{
  const csv = readFileSync(path.join(shared, 'consultations-aci-bench', 'valid.csv'), 'utf8');
  const lines = csv.split('\n').filter((l) => /^\[(doctor|patient)\]/.test(l)).map((l) => l.replace(/^\[\w+\] /, ''));
  writeFileSync(text, lines.slice(0, 1200).join('\n'));
}
const once = path.join(clinic.dir, 'once.wav');
const wav = path.join(clinic.dir, 'visit.wav');
await run('espeak-ng', ['-v', 'en-us', '-s', '160', '-w', path.join(clinic.dir, 'raw.wav'), '-f', text], { maxBuffer: 1 << 24 });
await run('sox', ['-q', path.join(clinic.dir, 'raw.wav'), '-r', '16000', '-c', '1', '-b', '16', once]);
const onceS = Number((await run('soxi', ['-D', once])).stdout);
const repeats = Math.max(0, Math.ceil((minutes * 60) / onceS) - 1);
await run('sox', ['-q', once, wav, 'repeat', String(repeats), 'trim', '0', String(minutes * 60)]);
const audioS = Number((await run('soxi', ['-D', wav])).stdout);

await clinic.createClinic('Bench Clinic');
await clinic.createUser('physiotherapist', 'bench@example.org', 'bench-password-1', { name: 'Bench Physio', mfa: false });
const url = await clinic.start();
const api = await apiSession(url, 'bench@example.org', 'bench-password-1');
const pid = (await api.call('POST', '/api/patients', { given_name: 'Load', family_name: 'Test', birth_date: '1970-01-01' })).body.id;
await api.call('POST', `/api/patients/${pid}/consents`, { kind: 'visit_audio_recording', status: 'given', method: 'in_person_verbal' });
const note = (await api.call('POST', `/api/patients/${pid}/notes`, {})).body.id;

const read = async () => {
  const t0 = performance.now();
  const r = await api.call('GET', `/api/patients/${pid}`);
  if (r.status !== 200) throw new Error(`read answered ${r.status}`);
  return performance.now() - t0;
};
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median_ms: +q(0.5).toFixed(2), p99_ms: +q(0.99).toFixed(2), max_ms: +s[s.length - 1].toFixed(2) };
};
const baseline = [];
for (let i = 0; i < 400; i++) baseline.push(await read());

const t0 = performance.now();
const up = await fetch(`${url}/api/notes/${note}/audio?kind=visit`, {
  method: 'POST',
  headers: { Cookie: api.cookie, 'X-CSRF-Token': api.csrf, 'Content-Type': 'audio/wav' },
  body: readFileSync(wav),
});
if (up.status !== 202) throw new Error(`upload answered ${up.status}: ${await up.text()}`);
const during = [];
const progress = new Set();
let done = null;
let lastPoll = 0;
while (!done) {
  during.push(await read());
  if (performance.now() - lastPoll > 2000) {
    lastPoll = performance.now();
    const t = (await api.call('GET', `/api/notes/${note}/transcripts`)).body.items[0];
    progress.add(Math.round(t.progress * 100));
    if (t.state === 'done' || t.state === 'failed') done = t;
  }
}
const wallS = (performance.now() - t0) / 1000;
clinic.stop();
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} cores, ${os.cpus()[0].model}, load ${os.loadavg().map((x) => x.toFixed(1)).join('/')}`,
  audio: `speech synthesised by espeak-ng from ACI-BENCH valid dialogues, ${(audioS / 60).toFixed(1)} min, 16 kHz mono`,
  state: done.state,
  error: done.error,
  segments: done.segments.length,
  suggestions: done.suggestions.length,
  recognition_wall_s: +wallS.toFixed(1),
  real_time_factor: +(audioS / wallS).toFixed(2),
  progress_reports_seen: progress.size,
  read_baseline: stats(baseline),
  read_during_recognition: stats(during),
};
console.log(JSON.stringify(result, null, 2));

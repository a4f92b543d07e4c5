#!/usr/bin/env node
// Compares landmarks of two reference files and prints the maximum and median absolute differences.
// Each file is either run.mjs output (pick the model with --model and the input with --input) or a single-run
// file as in /work/shared/data/pose-reference/ref_*.json (top-level "results").
//
//   node compare.mjs [--model lite|full|heavy] [--input N] A.json B.json
import {readFileSync} from 'node:fs';

function die(message) {
  process.stderr.write(`compare: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let model = null;
let input = 0;
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--model')
    model = args[++i];
  else if (args[i] === '--input')
    input = Number(args[++i]);
  else
    files.push(args[i]);
}
if (files.length !== 2) die('usage: node compare.mjs [--model lite|full|heavy] [--input N] A.json B.json');

function firstResult(file) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    die(`${file}: ${e.message}`);
  }
  if (Array.isArray(doc.results)) {
    if (!doc.results.length) die(`${file}: no pose in results`);
    return doc.results[0];
  }
  const entry = doc.inputs?.[input];
  if (!entry) die(`${file}: no inputs[${input}]`);
  const name = model ?? Object.keys(entry.models)[0];
  const run = entry.models[name];
  if (!run) die(`${file}: inputs[${input}] has no model '${name}'`);
  if (!run.results.length) die(`${file}: inputs[${input}] model ${name}: no pose`);
  return run.results[0];
}

const a = firstResult(files[0]);
const b = firstResult(files[1]);
const median = (v) => {
  const s = [...v].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
for (const field of ['poseLandmarks', 'poseWorldLandmarks']) {
  for (const key of ['x', 'y', 'z', 'visibility']) {
    const d = a[field].map((p, i) => Math.abs(p[key] - b[field][i][key]));
    const worst = d.indexOf(Math.max(...d));
    console.log(
        `${field.padEnd(18)} ${key.padEnd(10)} max ${Math.max(...d).toExponential(2)} (landmark ${worst})  ` +
        `median ${median(d).toExponential(2)}`);
  }
}

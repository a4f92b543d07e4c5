#!/usr/bin/env node
// Regenerates MediaPipe's own BlazePose landmarks for still images or video frames, by running the wasm
// build of the pinned npm package @mediapipe/pose inside Debian's headless Chromium (playwright-core).
// The output is the reference physiokit's C++ pose pipeline is tested against. See README.md.
//
//   node run.mjs [--model lite|full|heavy|all] [--tracking] [--timing] [-o out.json] <image.png|jpg ...>
//   node run.mjs [...] --video demo.mp4 --frames 0,45,90 [--keep-frames DIR] -o out.json
//
// Pixels: JPEG inputs (.jpg/.jpeg) are decoded by libjpeg-turbo's djpeg (accurate DCT, fancy upsampling, as
// MediaPipe's own image loaders; then turned upright by the EXIF orientation), every other input
// by the ffmpeg CLI, on the Node side, and put on a canvas with
// putImageData, so MediaPipe sees exactly the bytes whose md5 is recorded (a PNG carrying gAMA/cHRM chunks,
// as ffmpeg writes for BT.709 video, would otherwise be colour-managed by Chromium's <img> decoder).
import {execFileSync, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync, existsSync} from 'node:fs';
import {createServer} from 'node:http';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {basename, dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const kModels = {
  lite: 0,
  full: 1,
  heavy: 2
};
// The options of /work/shared/data/pose-reference/SOURCE.md. useCpuInference: without it inference runs on
// WebGL (SwiftShader here) and gives different landmarks.
const kPoseOptions = {
  smoothLandmarks: false,
  enableSegmentation: false,
  smoothSegmentation: false,
  selfieMode: false,
  minDetectionConfidence: 0.5,
  minTrackingConfidence: 0.5,
  useCpuInference: true,
};
// Chromium flags from docs STACK.md ("Browser tests").
const kChromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const kUsage = `usage: node run.mjs [options] <image.png|jpg ...>
       node run.mjs [options] --video FILE --frames N[,N...]
JPEG inputs (.jpg, .jpeg) are decoded by libjpeg-turbo (djpeg -dct int) and turned upright by their EXIF
orientation; other inputs by ffmpeg.
options:
  --model M          lite | full | heavy | all (default all)
  --smooth           smoothLandmarks: true (MediaPipe's temporal filter; needs --tracking)
  --tracking         send the inputs in order without pose.reset() (tracking path); default resets before
                     every send, so each result comes from the detector path
  --fps F            frame rate used to timestamp still images in --tracking mode (default 30); given with
                     --video, the frames are timed i / F instead of by their pts (as MediaPipe's Python
                     solution times every frame 33,333 us after the one before)
  --timing           also time MediaPipe per frame: detector path (reset + send), forced detector without
                     graph restart, and tracking path; median over --runs after --warmup sends
  --runs N           timed sends per frame and path (default 20)
  --warmup N         untimed sends before each timed series (default 3)
  --video FILE       extract frames of FILE losslessly with the ffmpeg CLI (PNG in a temp dir)
  --frames LIST      comma-separated frame indices for --video (0-based decode order)
  --keep-frames DIR  copy the extracted PNG frames into DIR
  --precision N      significant digits of landmark numbers (default 7; 0 = full float64 text)
  --chromium PATH    browser binary (default $CHROMIUM or /usr/bin/chromium)
  -o FILE            output JSON (default: stdout)`;

// Every user-causable failure: thrown, so main()'s finally closes the browser and removes the temp dir.
class ToolError extends Error {}
function die(message) { throw new ToolError(message); }

function parseArgs(argv) {
  const opts = {
    model: 'all',
    tracking: false,
    smooth: false,
    timing: false,
    runs: 20,
    warmup: 3,
    fps: 30,
    video: null,
    frames: null,
    keepFrames: null,
    precision: 7,
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    output: null,
    images: [],
  };
  const needValue = (i, name) => {
    if (i + 1 >= argv.length) die(`${name} needs a value`);
    return argv[i + 1];
  };
  const needInt = (i, name, min) => {
    const text = needValue(i, name);
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) die(`${name}: expected an integer >= ${min}, got '${text}'`);
    return n;
  };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    switch (a) {
      case '--model':
        opts.model = needValue(i, a);
        ++i;
        break;
      case '--smooth':
        opts.smooth = true;
        break;
      case '--tracking':
        opts.tracking = true;
        break;
      case '--timing':
        opts.timing = true;
        break;
      case '--runs':
        opts.runs = needInt(i, a, 1);
        ++i;
        break;
      case '--warmup':
        opts.warmup = needInt(i, a, 0);
        ++i;
        break;
      case '--fps': {
        opts.fps = Number(needValue(i, a));
        opts.fpsGiven = true;
        if (!(opts.fps > 0)) die(`--fps: expected a positive number, got '${argv[i + 1]}'`);
        ++i;
        break;
      }
      case '--video':
        opts.video = needValue(i, a);
        ++i;
        break;
      case '--frames': {
        const text = needValue(i, a);
        opts.frames = text.split(',').map((s) => {
          const n = Number(s.trim());
          if (!Number.isInteger(n) || n < 0) die(`--frames: '${s}' is not a frame index (0-based integer)`);
          return n;
        });
        ++i;
        break;
      }
      case '--keep-frames':
        opts.keepFrames = needValue(i, a);
        ++i;
        break;
      case '--precision':
        opts.precision = needInt(i, a, 0);
        ++i;
        break;
      case '--chromium':
        opts.chromium = needValue(i, a);
        ++i;
        break;
      case '-o':
      case '--output':
        opts.output = needValue(i, a);
        ++i;
        break;
      case '-h':
      case '--help':
        process.stdout.write(`${kUsage}\n`);
        process.exit(0);
        break;
      default:
        if (a.startsWith('-')) die(`unknown option '${a}'\n${kUsage}`);
        opts.images.push(a);
    }
  }
  if (opts.model !== 'all' && !(opts.model in kModels))
    die(`--model: expected lite|full|heavy|all, got '${opts.model}'`);
  if (opts.video && opts.images.length) die('give either images or --video, not both');
  if (opts.video && !opts.frames) die('--video needs --frames');
  if (opts.frames && !opts.video) die('--frames needs --video');
  if (opts.smooth && !opts.tracking) die('--smooth needs --tracking (the filter runs across frames)');
  if (!opts.video && !opts.images.length) die(`no input\n${kUsage}`);
  if (opts.precision > 17) die('--precision: at most 17');
  if (opts.tracking && opts.frames && opts.frames.some((f, i) => i > 0 && f <= opts.frames[i - 1])) {
    die('--tracking: --frames must be strictly increasing (they are sent in order to one graph)');
  }
  return opts;
}

function run(cmd, args, maxBuffer = 1 << 30) {
  try {
    return execFileSync(cmd, args, {maxBuffer, stdio: ['ignore', 'pipe', 'pipe']});
  } catch (e) {
    const stderr = e.stderr ? e.stderr.toString().trim() : '';
    die(`'${cmd} ${args.join(' ')}' failed: ${stderr || e.message}`);
  }
}

let kJpegDecoder = '';  // set in main() when an input is a JPEG
const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');
const quote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll('\'', '\'\\\'\'')}'`);

function probeSize(file) {
  const out =
      run('ffprobe', [
        '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'json', file
      ]).toString();
  const stream = JSON.parse(out).streams?.[0];
  if (!stream || !(stream.width > 0) || !(stream.height > 0)) die(`${file}: no decodable image/video stream`);
  return {width: stream.width, height: stream.height};
}

// Decodes an image file to raw pixels with the ffmpeg CLI (pix_fmt rgba or rgb24).
function decodePixels(file, pixFmt) {
  return run(
      'ffmpeg',
      ['-nostdin', '-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', pixFmt, '-']);
}

const isJpeg = (file) => /\.jpe?g$/i.test(file);

// The EXIF Orientation tag (0x0112 of IFD0 in an APP1 "Exif" segment) of JPEG bytes; 1 when absent.
function jpegExifOrientation(bytes) {
  let p = 2;
  while (p + 4 <= bytes.length && bytes[p] === 0xff) {
    const marker = bytes[p + 1];
    if (marker === 0xda || marker === 0xd9) break;  // start of scan / end of image: no more headers
    const len = bytes.readUInt16BE(p + 2);
    if (marker === 0xe1 && len >= 16 && bytes.toString('latin1', p + 4, p + 10) === 'Exif\0\0') {
      const t = p + 10;
      const le = bytes.toString('latin1', t, t + 2) === 'II';
      const u16 = (o) => (le ? bytes.readUInt16LE(t + o) : bytes.readUInt16BE(t + o));
      const u32 = (o) => (le ? bytes.readUInt32LE(t + o) : bytes.readUInt32BE(t + o));
      const ifd = u32(4);
      if (t + ifd + 2 > p + 2 + len) return 1;
      const n = u16(ifd);
      for (let i = 0; i < n; ++i) {
        const e = ifd + 2 + 12 * i;
        if (t + e + 12 > p + 2 + len) break;
        if (u16(e) === 0x0112) return u16(e + 8);
      }
      return 1;
    }
    p += 2 + len;
  }
  return 1;
}

// `rgb` (width x height) as EXIF orientation `o` says to show it: 2 mirrored left-right, 3 turned 180, 4 mirrored
// top-bottom, 5 transposed, 6 turned 90 clockwise, 7 transversed, 8 turned 90 counter-clockwise.
function applyExifOrientation(rgb, width, height, o) {
  if (o < 2 || o > 8) return {width, height, rgb};
  const swap = o >= 5;
  const w2 = swap ? height : width, h2 = swap ? width : height;
  const out = Buffer.alloc(rgb.length);
  for (let y = 0; y < h2; ++y) {
    for (let x = 0; x < w2; ++x) {
      // Source pixel of upright pixel (x, y).
      const [sx, sy] = [
        null, null, [width - 1 - x, y], [width - 1 - x, height - 1 - y], [x, height - 1 - y], [y, x],
        [y, height - 1 - x], [width - 1 - y, height - 1 - x], [width - 1 - y, x]
      ][o];
      rgb.copy(out, 3 * (y * w2 + x), 3 * (sy * width + sx), 3 * (sy * width + sx) + 3);
    }
  }
  return {width: w2, height: h2, rgb: out};
}

// Decodes a JPEG with libjpeg-turbo's djpeg (accurate integer DCT, fancy upsampling, RGB out: what MediaPipe's
// image loaders and physiokit's decode_jpeg use), then turns it upright by its EXIF orientation (djpeg
// ignores the tag; browsers and photo viewers honour it).
function decodeJpegRgb(file) {
  const bytes = readFileSync(file);
  const orientation = jpegExifOrientation(bytes);
  const ppm = run('djpeg', ['-dct', 'int', '-rgb', '-pnm', file]);
  // Binary PPM: "P6" <ws> width <ws> height <ws> maxval <one ws> data.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.toString('latin1', 0, 64));
  if (!header || header[3] !== '255') die(`${file}: djpeg wrote no 8-bit RGB PPM`);
  const width = Number(header[1]), height = Number(header[2]);
  const rgb = ppm.subarray(header[0].length);
  if (rgb.length !== width * height * 3) die(`${file}: djpeg gave ${rgb.length} bytes, expected ${width}x${height}x3`);
  return {...applyExifOrientation(rgb, width, height, orientation), orientation};
}

function describeImage(file, extra = {}) {
  if (!existsSync(file)) die(`${file}: no such file`);
  const bytes = readFileSync(file);
  if (isJpeg(file)) {
    const {width, height, rgb, orientation} = decodeJpegRgb(file);
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgba[j] = rgb[i];
      rgba[j + 1] = rgb[i + 1];
      rgba[j + 2] = rgb[i + 2];
      rgba[j + 3] = 255;
    }
    return {
      input: {
        file: basename(file),
        ...extra,
        width,
        height,
        decoder: kJpegDecoder,
        exif_orientation: orientation,
        file_md5: md5(bytes),
        rgb24_md5: md5(rgb)
      },
      rgba,
    };
  }
  const {width, height} = probeSize(file);
  const rgba = decodePixels(file, 'rgba');
  if (rgba.length !== width * height * 4)
    die(`${file}: decoded ${rgba.length} bytes, expected ${width}x${height}x4`);
  const rgb = decodePixels(file, 'rgb24');
  return {
    input: {
      file: basename(file),
      ...extra,
      width,
      height,
      decoder: 'ffmpeg',
      png_md5: md5(bytes),
      rgb24_md5: md5(rgb)
    },
    rgba,
  };
}

// Frame timestamps (seconds) of the first video stream, in decode order.
function framePts(video) {
  const out = run('ffprobe', [
                '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=best_effort_timestamp_time',
                '-of', 'csv=p=0', video
              ]).toString();
  return out.split('\n').map((s) => s.trim().replace(/,$/, '')).filter((s) => s.length).map(Number);
}

function extractFrameArgs(video, frame, png) {
  return [
    '-nostdin', '-v', 'error', '-i', video, '-map', '0:v:0', '-vf', `select=eq(n\\,${frame})`, '-frames:v',
    '1', '-fps_mode', 'passthrough', '-pix_fmt', 'rgb24', png
  ];
}

function loadInputs(opts, tmp) {
  if (!opts.video) return opts.images.map((file) => describeImage(resolve(file)));
  const video = resolve(opts.video);
  if (!existsSync(video)) die(`${opts.video}: no such file`);
  const pts = framePts(video);
  const inputs = [];
  for (const frame of opts.frames) {
    if (frame >= pts.length)
      die(`${opts.video}: frame ${frame} requested, the video has ${pts.length} frames`);
    const png = join(tmp, `frame_${String(frame).padStart(6, '0')}.png`);
    const args = extractFrameArgs(video, frame, png);
    run('ffmpeg', args);
    if (!existsSync(png)) die(`${opts.video}: ffmpeg wrote no frame ${frame}`);
    const command =
        ['ffmpeg', ...extractFrameArgs(basename(video), frame, `frame_${frame}.png`)].map(quote).join(' ');
    const described = describeImage(png, {frame, pts_s: pts[frame], extract_command: command});
    described.input.file = basename(video);
    if (opts.keepFrames) {
      mkdirSync(opts.keepFrames, {recursive: true});
      copyFileSync(png, join(opts.keepFrames, `${basename(video).replace(/\.[^.]+$/, '')}_f${frame}.png`));
    }
    inputs.push(described);
  }
  return inputs;
}

// Loopback server for the harness page, the package files and the decoded pixels.
async function startServer(packageDir, pixels, fetched) {
  const types = {
    '.js': 'text/javascript',
    '.wasm': 'application/wasm',
    '.html': 'text/html',
    '.data': 'application/octet-stream',
    '.tflite': 'application/octet-stream',
    '.binarypb': 'application/octet-stream'
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const send = (code, body, type = 'text/plain') => {
      res.writeHead(code, {'Content-Type': type, 'Cache-Control': 'no-store'});
      res.end(body);
    };
    if (url.pathname === '/' || url.pathname === '/index.html') {
      return send(200, readFileSync(join(here, 'page.html')), 'text/html');
    }
    let m = /^\/mp\/([\w.-]+)$/.exec(url.pathname);
    if (m) {
      const file = join(packageDir, m[1]);
      if (!existsSync(file)) return send(404, 'not found');
      fetched.add(m[1]);
      const ext = m[1].slice(m[1].lastIndexOf('.'));
      return send(200, readFileSync(file), types[ext] || 'application/octet-stream');
    }
    m = /^\/rgba\/(\d+)$/.exec(url.pathname);
    if (m && Number(m[1]) < pixels.length) return send(200, pixels[Number(m[1])], 'application/octet-stream');
    return send(404, 'not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return server;
}

function roundLandmarks(list, precision) {
  if (!list) return null;
  const r = (v) => (precision === 0 || typeof v !== 'number' ? v : Number(v.toPrecision(precision)));
  return list.map((p) => ({x: r(p.x), y: r(p.y), z: r(p.z), visibility: r(p.visibility)}));
}

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const q = (f) => s[Math.min(s.length - 1, Math.floor(f * (s.length - 1) + 0.5))];
  const r = (v) => Number(v.toFixed(3));
  return {n: s.length, median_ms: r(q(0.5)), p10_ms: r(q(0.1)), p90_ms: r(q(0.9)), min_ms: r(s[0])};
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let chromium;
  try {
    ({chromium} = require('playwright-core'));
  } catch {
    die('playwright-core is not installed: run scripts/install-reference-tool.sh (npm ci in tools/mediapipe-reference)');
  }
  const packageDir = dirname(require.resolve('@mediapipe/pose/package.json'));
  const packageJson = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  if (!existsSync(opts.chromium))
    die(`${opts.chromium}: no browser (apt-get install chromium, or --chromium PATH)`);

  if (!opts.video && opts.images.some(isJpeg)) {
    // djpeg prints its version on stderr.
    const version = spawnSync('djpeg', ['-version'], {encoding: 'utf8'});
    if (version.error) die('djpeg not found: apt-get install libjpeg-turbo-progs (scripts/install-reference-tool.sh)');
    kJpegDecoder = `${version.stderr.trim().split('\n')[0]} djpeg -dct int (accurate integer DCT, fancy upsampling), EXIF orientation applied`;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'mediapipe-reference-'));
  let browser = null;
  let server = null;
  try {
    const loaded = loadInputs(opts, tmp);
    const fetched = new Set();
    server = await startServer(packageDir, loaded.map((l) => l.rgba), fetched);
    const base = `http://127.0.0.1:${server.address().port}/index.html`;
    browser = await chromium.launch({executablePath: opts.chromium, headless: true, args: kChromiumArgs});

    const models = opts.model === 'all' ? Object.keys(kModels) : [opts.model];
    const perInput = loaded.map((l) => ({...l.input, models: {}}));
    const timing = {};
    let userAgent = null;
    for (const model of models) {
      // A fresh page (fresh wasm instance) per model, so models never share graph state.
      const page = await browser.newPage();
      page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
      await page.goto(base);
      userAgent ??= await page.evaluate(() => navigator.userAgent);
      const options = {...kPoseOptions, smoothLandmarks: opts.smooth, modelComplexity: kModels[model]};
      const t0 = Date.now();
      await page.evaluate((o) => window.mpInit(o), options);
      process.stderr.write(`${model}: runtime loaded in ${Date.now() - t0} ms\n`);
      for (let i = 0; i < loaded.length; ++i) {
        await page.evaluate(
            ([k, w, h]) => window.mpLoad(k, w, h), [i, loaded[i].input.width, loaded[i].input.height]);
      }
      // Monotonic timestamps (ms) for this graph; in --tracking mode they follow the video's pts (or --fps).
      let clockMs = 0;
      const stampOf = (i) => {
        const input = loaded[i].input;
        return input.pts_s !== undefined && !opts.fpsGiven ? input.pts_s * 1000 : i * (1000 / opts.fps);
      };
      for (let i = 0; i < loaded.length; ++i) {
        const atMs = opts.tracking ? stampOf(i) : (clockMs += 1000);
        const out =
            await page.evaluate(([k, reset, at]) => window.mpSend(k, reset, at), [i, !opts.tracking, atMs]);
        const results = out.results && out.results.poseLandmarks ? [{
          poseLandmarks: roundLandmarks(out.results.poseLandmarks, opts.precision),
          poseWorldLandmarks: roundLandmarks(out.results.poseWorldLandmarks, opts.precision),
        }] :
                                                                   [];
        perInput[i].models[model] = {modelComplexity: kModels[model], results};
        process.stderr.write(`${model}: ${perInput[i].file}${
            perInput[i].frame !== undefined ?
                ` frame ${perInput[i].frame}` :
                ''}: ${results.length ? 'pose' : 'no pose'} (${out.ms.toFixed(1)} ms)\n`);
      }
      if (opts.timing) {
        timing[model] = [];
        const series = async (i, reset, options2) => {
          if (options2) await page.evaluate((o) => window.mpSetOptions(o), options2);
          const stepMs = 1000 / 30;
          // First send establishes the state (graph loaded; for tracking, the ROI from a detection).
          await page.evaluate(([k, at]) => window.mpSend(k, true, at), [i, (clockMs += 1000)]);
          const warm = await page.evaluate(
              ([k, n, r, at, st]) => window.mpTime(k, n, r, at, st),
              [i, opts.warmup, reset, (clockMs += 1000), stepMs]);
          clockMs += (opts.warmup + 1) * stepMs;
          const timed = await page.evaluate(
              ([k, n, r, at, st]) => window.mpTime(k, n, r, at, st),
              [i, opts.runs, reset, (clockMs += 1000), stepMs]);
          clockMs += (opts.runs + 1) * stepMs;
          return {...stats(timed.times), found: timed.found, warmup_found: warm.found};
        };
        for (let i = 0; i < loaded.length; ++i) {
          const entry = {input: i};
          entry.detector_reset = await series(i, true, null);
          entry.tracking = await series(i, false, null);
          // minTrackingConfidence above 1 rejects every tracked ROI, so the detector runs on every frame
          // without the graph restart that pose.reset() costs (landmarks are then not emitted).
          entry.detector_forced = await series(i, false, {...options, minTrackingConfidence: 1.5});
          await page.evaluate((o) => window.mpSetOptions(o), options);
          timing[model].push(entry);
          process.stderr.write(
              `${model}: timing input ${i}: detector+reset ${entry.detector_reset.median_ms} ms, ` +
              `detector ${entry.detector_forced.median_ms} ms, tracking ${
                  entry.tracking.median_ms} ms (median of ${opts.runs})\n`);
        }
      }
      await page.close();
    }

    const ffmpegVersion = run('ffmpeg', ['-version']).toString().split('\n')[0].replace(/ Copyright.*/, '');
    const output = {
      generator: 'physiokit tools/mediapipe-reference/run.mjs',
      package: `${packageJson.name}@${packageJson.version}`,
      wasm: [...fetched].filter((f) => f.endsWith('.wasm')).sort(),
      chromium: browser.version(),
      userAgent,
      playwright_core: require('playwright-core/package.json').version,
      ffmpeg: ffmpegVersion,
      generated_utc: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      options: {...kPoseOptions, smoothLandmarks: opts.smooth},
      mode: opts.tracking ? 'tracking' : 'detector',
      mode_note: opts.tracking ?
          'inputs sent in order to one graph without pose.reset(); timestamps = video pts (or index / --fps)' :
          'pose.reset() before every send: every result comes from the detector path',
      decoder: kJpegDecoder ? (opts.images.every(isJpeg) ? kJpegDecoder : `JPEG: ${kJpegDecoder}; others: ffmpeg`) :
                              'ffmpeg',
      pixels: kJpegDecoder ?
          'JPEG decoded to RGB8 by libjpeg-turbo (djpeg), others by the ffmpeg CLI; putImageData on a canvas, ' +
              'canvas passed to pose.send()' :
          'decoded to RGBA8 by the ffmpeg CLI, putImageData on a canvas, canvas passed to pose.send()',
      precision: opts.precision === 0 ? 'full' : `${opts.precision} significant digits`,
      inputs: perInput,
    };
    if (opts.timing) {
      output.timing = {
        note: 'wall time of one awaited pose.send() in the page (performance.now(), 0.1 ms resolution); ' +
            'detector_reset = reset() + send (graph restart included); detector_forced = detector + landmark model ' +
            'every frame (minTrackingConfidence 1.5, no restart); tracking = landmark model on the ROI from the ' +
            'previous frame; the wasm build is single-threaded',
        runs: opts.runs,
        warmup: opts.warmup,
        per_model: timing,
      };
    }
    // Indented structure, one landmark per line: compact yet reviewable in a diff.
    const text = `${
        JSON.stringify(output, null, 1)
            .replace(
                /\{\n\s*"x": ([^,\n]+),\n\s*"y": ([^,\n]+),\n\s*"z": ([^,\n]+),\n\s*"visibility": ([^\n]+)\n\s*\}/g,
                '{"x": $1, "y": $2, "z": $3, "visibility": $4}')}\n`;
    if (opts.output)
      writeFileSync(opts.output, text);
    else
      process.stdout.write(text);
  } finally {
    if (browser) await browser.close();
    if (server) server.close();
    rmSync(tmp, {recursive: true, force: true});
  }
}

main().catch((e) => {
  process.stderr.write(`mediapipe-reference: ${e instanceof ToolError ? e.message : e.stack || String(e)}\n`);
  process.exit(e instanceof ToolError ? 2 : 1);
});

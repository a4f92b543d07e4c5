// MediaPipe's BlazePose in the browser (npm @mediapipe/pose, vendored by scripts/fetch-web.sh into
// /static/vendor/mediapipe/): the lite landmark model on the CPU (WebGL inference is far slower without a
// GPU). Frames never leave the device: only the landmarks are used.

const BASE = '/static/vendor/mediapipe/';
let loading = null;

function loadScript() {
  if (window.Pose) return Promise.resolve();
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = `${BASE}pose.js`;
      s.async = true;
      s.onload = () => (window.Pose ? resolve() : reject(new Error('the pose estimator did not load')));
      s.onerror = () => {
        loading = null;
        reject(new Error('The pose estimator could not be loaded from the server (scripts/fetch-web.sh installs it).'));
      };
      document.head.appendChild(s);
    });
  }
  return loading;
}

/**
 * A ready estimator: estimate(video) resolves with {image, world} landmarks (null when no one is seen).
 * model: 'lite' (default) or 'full'.
 */
export async function createPoseEstimator({ model = 'lite' } = {}) {
  await loadScript();
  const pose = new window.Pose({ locateFile: (file) => `${BASE}${file}` });
  pose.setOptions({
    modelComplexity: model === 'full' ? 1 : 0,
    smoothLandmarks: true,
    enableSegmentation: false,
    minDetectionConfidence: 0.5,
    minTrackingConfidence: 0.5,
    useCpuInference: true,
  });
  let last = null;
  pose.onResults((r) => {
    last = { image: r.poseLandmarks || null, world: r.poseWorldLandmarks || null };
  });
  await pose.initialize();
  return {
    /** atMs: the frame's time in ms (increasing); MediaPipe's clock (performance.now) when left out. */
    async estimate(video, atMs) {
      last = null;
      await pose.send({ image: video }, atMs);
      return last || { image: null, world: null };
    },
    close() {
      try {
        pose.close();
      } catch {
        /* already closed */
      }
    },
  };
}

// Landmarks whose visibility says a body is there: the shoulders and the hips.
const TORSO = [11, 12, 23, 24];

/**
 * Others in view, for the framing check: MediaPipe Pose follows one person and says nothing of anyone else,
 * so a second estimator (its own instance, so the first one's tracking is untouched) looks at the same
 * picture with the followed person covered by a grey box. count(video, landmarks) resolves with the number
 * of people seen (1 + another one found outside the box, or 0 when `landmarks` is null); `atMs` as for
 * estimate(). Slow (one more
 * pose estimate): the page calls it a few times a second before the set only.
 */
export async function createPeopleCounter() {
  const second = await createPoseEstimator({ model: 'lite' });
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: false });
  return {
    async count(video, landmarks, atMs) {
      if (!landmarks || !landmarks.length || !video.videoWidth) return landmarks && landmarks.length ? 1 : 0;
      const w = 320;
      const h = Math.round((w * video.videoHeight) / video.videoWidth);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      ctx.drawImage(video, 0, 0, w, h);
      // The followed person's box, widened by a quarter of its size each way (hands, hair, clothes).
      const pts = landmarks.filter((l) => Number.isFinite(l.x) && Number.isFinite(l.y) && !(l.visibility < 0.2));
      if (!pts.length) return 1;
      const xs = pts.map((l) => l.x);
      const ys = pts.map((l) => l.y);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const mx = (x1 - x0) * 0.25 + 0.03;
      const my = (y1 - y0) * 0.15 + 0.03;
      const box = { x0: x0 - mx, x1: x1 + mx, y0: y0 - my, y1: y1 + my };
      ctx.fillStyle = '#808080';
      ctx.fillRect(box.x0 * w, box.y0 * h, (box.x1 - box.x0) * w, (box.y1 - box.y0) * h);
      const other = (await second.estimate(canvas, atMs)).image;
      // Someone else: shoulders and hips seen inside the picture, a torso of a person's size (at least a
      // twentieth of the picture's height), the hips' centre outside the covered box and at most a quarter
      // of the torso under it.
      const seen = (l) => l && l.visibility > 0.6 && l.x >= 0 && l.x <= 1 && l.y >= 0 && l.y <= 1;
      if (!other || !TORSO.every((i) => seen(other[i]))) return 1;
      const hx = (other[23].x + other[24].x) / 2;
      const hy = (other[23].y + other[24].y) / 2;
      const torso = Math.hypot(((other[11].x + other[12].x) / 2 - hx) * (w / h), (other[11].y + other[12].y) / 2 - hy);
      if (torso < 0.05) return 1;
      const inside = hx >= box.x0 && hx <= box.x1 && hy >= box.y0 && hy <= box.y1;
      if (inside) return 1;
      // The followed person's own body where the box misses it: in poor light the model may follow a narrow
      // strip of the person (an arm, the back), and the second estimator then finds the rest of the same
      // body beside the grey box. A torso a quarter or more under the box is that body, not someone else.
      const tx = TORSO.map((i) => other[i].x);
      const ty = TORSO.map((i) => other[i].y);
      const t0 = { x0: Math.min(...tx), x1: Math.max(...tx), y0: Math.min(...ty), y1: Math.max(...ty) };
      const area = Math.max(1e-6, (t0.x1 - t0.x0) * (t0.y1 - t0.y0));
      const ox = Math.max(0, Math.min(t0.x1, box.x1) - Math.max(t0.x0, box.x0));
      const oy = Math.max(0, Math.min(t0.y1, box.y1) - Math.max(t0.y0, box.y0));
      return (ox * oy) / area >= 0.25 ? 1 : 2;
    },
    close() {
      second.close();
    },
  };
}

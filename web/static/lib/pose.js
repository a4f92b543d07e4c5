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
    async estimate(video) {
      last = null;
      await pose.send({ image: video });
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

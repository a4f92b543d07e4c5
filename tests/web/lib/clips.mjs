// Real clips for Chromium's fake camera, made with ffmpeg in a test's own folder (never kept): a Y4M file
// the camera plays in a loop at the file's frame rate.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The camera's frame rate: each frame of a slower clip is repeated to it. */
export const CAMERA_FPS = 30;

/**
 * A Y4M of `src` at CAMERA_FPS (each source frame repeated to the camera's rate; ffmpeg's fps filter),
 * from `start` s (for `cut` s), cropped (`crop`: ffmpeg's w:h:x:y) and scaled to `width` x `height`, with the first frame held for `holdStartS` seconds before it and the last
 * frame held for `holdEndS` after it (ffmpeg's tpad, clone mode). Returns null when `src` is absent.
 */
export async function fakeCameraClip(src, out, { width, height, holdStartS = 0, holdEndS = 0, cut = null, start = 0, crop = null }) {
  if (!existsSync(src)) return null;
  const filters = [...(crop ? [`crop=${crop}`] : []), `scale=${width}:${height}`, `fps=${CAMERA_FPS}`];
  if (holdStartS > 0 || holdEndS > 0) {
    filters.push(`tpad=start_mode=clone:start_duration=${holdStartS}:stop_mode=clone:stop_duration=${holdEndS}`);
  }
  const args = ['-loglevel', 'error', '-y', ...(start > 0 ? ['-ss', String(start)] : []), '-i', src];
  if (cut) args.push('-t', String(cut));
  args.push('-an', '-vf', filters.join(','), '-pix_fmt', 'yuv420p', out);
  await run('ffmpeg', args, { timeout: 180000 });
  return out;
}

/** The number of frames and the frame rate of a video, from ffprobe. */
export async function probe(file) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,r_frame_rate', '-of', 'json', file], { timeout: 60000 });
  const s = JSON.parse(stdout).streams[0];
  const [num, den] = s.r_frame_rate.split('/').map(Number);
  return { frames: Number(s.nb_read_frames), fps: num / den };
}

// Which Chromium the browser tests drive, and the unpacking of Chromium's headless shell.
//
// The tests drive Chromium's headless shell (the `headless_shell` build, the one Playwright itself uses for
// headless runs) from npm `@sparticuz/chromium`, pinned with its checksum in package-lock.json: the
// browser without its windowing layer: a fifth to a quarter less CPU than Debian's `chromium` for the same
// pages and checks (docs/adr/0015-browser-tests-on-the-headless-shell.md). The package holds it
// Brotli-compressed; `unpackHeadlessShell` writes it under node_modules once. $PHYSIO_CHROMIUM names
// another browser; without the shell, Debian's chromium is driven.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = path.join(webDir, 'node_modules', '@sparticuz', 'chromium');
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

function packageVersion() {
  try {
    return JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Where the unpacked shell of the installed package lives (null without the package). */
export function headlessShellPath() {
  const version = packageVersion();
  return version ? path.join(webDir, 'node_modules', '.headless-shell', version, 'chromium') : null;
}

/** The browser the tests drive: $PHYSIO_CHROMIUM, else the unpacked headless shell, else Debian's chromium. */
export function chromiumPath() {
  if (process.env.PHYSIO_CHROMIUM) return process.env.PHYSIO_CHROMIUM;
  const shell = headlessShellPath();
  return shell && existsSync(path.join(path.dirname(shell), 'unpacked')) ? shell : DEBIAN_CHROMIUM;
}

/**
 * Unpacks the installed package's shell, with the SwiftShader libraries it loads beside itself for WebGL
 * without a GPU (the MediaPipe pose model in the live pages needs a WebGL context even on the CPU), into
 * node_modules/.headless-shell/<version>/; returns the browser's path. Idempotent: a folder holding its
 * `unpacked` stamp is kept. Written into a folder beside and renamed, so that an interrupted unpacking never
 * leaves a half-written browser. Throws naming the file when the package is absent or an archive is not
 * what it should be.
 */
export function unpackHeadlessShell() {
  const target = headlessShellPath();
  if (!target) throw new Error(`${PACKAGE}/package.json is missing: run npm ci in ${webDir}`);
  const folder = path.dirname(target);
  if (existsSync(path.join(folder, 'unpacked'))) return target;
  const read = (name) => {
    const archive = path.join(PACKAGE, 'bin', name);
    try {
      return brotliDecompressSync(readFileSync(archive));
    } catch (e) {
      throw new Error(`${archive}: not a Brotli archive of the headless shell (${e.message})`);
    }
  };
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(path.join(partial, 'chromium'), read('chromium.br'));
  chmodSync(path.join(partial, 'chromium'), 0o755);
  const tar = spawnSync('tar', ['-x', '-C', partial], { input: read('swiftshader.tar.br') });
  if (tar.status !== 0) throw new Error(`${PACKAGE}/bin/swiftshader.tar.br: tar failed: ${tar.error?.message || tar.stderr}`);
  writeFileSync(path.join(partial, 'unpacked'), `${readdirSync(partial).sort().join('\n')}\n`);
  rmSync(folder, { recursive: true, force: true });
  renameSync(partial, folder);
  return target;
}

// `node tests/web/lib/browser.mjs unpack`: what scripts/install-browser-test.sh runs after npm ci.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'unpack') {
  try {
    console.log(unpackHeadlessShell());
  } catch (e) {
    console.error(`install-browser-test: ${e.message}`);
    process.exit(1);
  }
}

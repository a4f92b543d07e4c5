# shellcheck shell=bash
# Sourced by scripts/fetch-models.sh and scripts/fetch-web.sh: files from pinned npm packages, each tarball
# checked against its pinned hash, staged, every staged file checked against the script's sha256 file, and
# installed only when all of them match. The caller sets, before calling these functions:
#   PINNED_TAG   message prefix, the script's name ("fetch-web")
#   PINNED_SUMS  its sha256 file: "<sha256>  <installed name>" per line
#   PINNED_DEST  the folder the files are installed into
# Messages name the calling script and its sums file.

# True when every file of $PINNED_SUMS is in $PINNED_DEST with its sum (quietly; false when the sums file
# or the folder is missing).
pinned_installed() {
  [ -f "$PINNED_SUMS" ] || return 1
  (cd "$PINNED_DEST" 2>/dev/null && sha256sum --check --quiet --status "$PINNED_SUMS") 2>/dev/null
}

# Exits 1 naming what cannot be verified ($1, "the models") when $PINNED_SUMS is missing.
pinned_require_sums() {
  if [ ! -f "$PINNED_SUMS" ]; then
    echo "$PINNED_TAG: $PINNED_SUMS is missing; cannot verify $1" >&2
    exit 1
  fi
}

# Without npm: prints the note $1 and exits 0 (the rest of the project builds without these files).
pinned_need_npm() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "$PINNED_TAG: npm is not installed; $1"
    exit 0
  fi
}

# A temporary folder, removed on exit: sets PINNED_WORK.
pinned_workdir() {
  PINNED_WORK="$(mktemp -d)"
  # shellcheck disable=SC2064  # expanded now: the folder made here
  trap "rm -rf '$PINNED_WORK'" EXIT
}

# pinned_fetch SPEC DIR WANT WHAT: `npm pack SPEC` into DIR, the tarball checked against WANT (an npm
# integrity "sha512-<base64>" or a 40-digit sha1) and unpacked into DIR (DIR/package/). WHAT names the
# files in the failure message ("models"). Exits 1 on failure; npm's errors are shown only then.
pinned_fetch() {
  local spec="$1" dir="$2" want="$3" what="$4"
  echo "$PINNED_TAG: fetching $spec"
  mkdir -p "$dir"
  if ! (cd "$dir" && npm pack --silent "$spec" >/dev/null 2>"$dir/npm-pack.err"); then
    cat "$dir/npm-pack.err" >&2
    echo "$PINNED_TAG: 'npm pack $spec' failed (offline or registry unreachable?); $what not installed" >&2
    exit 1
  fi
  rm -f "$dir/npm-pack.err"
  local tarball got
  tarball="$(ls "$dir"/*.tgz)"
  if [[ "$want" == sha512-* ]]; then
    got="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
    if [ "$got" != "$want" ]; then
      echo "$PINNED_TAG: $spec tarball is $got, expected $want; refusing to install" >&2
      exit 1
    fi
  else
    got="$(sha1sum "$tarball" | cut -d' ' -f1)"
    if [ "$got" != "$want" ]; then
      echo "$PINNED_TAG: $spec tarball sha1 is $got, expected $want; refusing to install" >&2
      exit 1
    fi
  fi
  tar -xzf "$tarball" -C "$dir"
}

# pinned_install STAGE WHAT NOUN: checks the staged files against $PINNED_SUMS (WHAT names them in the
# refusal: "model checksums"), then installs each into $PINNED_DEST (sub-folders made, each file replaced
# at once) and says how many NOUN ("BlazePose models") it installed.
pinned_install() {
  local stage="$1" what="$2" noun="$3"
  if ! (cd "$stage" && sha256sum --check --quiet "$PINNED_SUMS"); then
    echo "$PINNED_TAG: $what differ from scripts/$(basename "$PINNED_SUMS"); refusing to install" >&2
    exit 1
  fi
  mkdir -p "$PINNED_DEST"
  local name
  while read -r _ name; do
    mkdir -p "$(dirname "$PINNED_DEST/$name")"
    install -m 0644 "$stage/$name" "$PINNED_DEST/$name.tmp.$$"
    mv -f "$PINNED_DEST/$name.tmp.$$" "$PINNED_DEST/$name"
  done <"$PINNED_SUMS"
  echo "$PINNED_TAG: installed $(wc -l <"$PINNED_SUMS") $noun into $PINNED_DEST"
}

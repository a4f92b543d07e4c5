#!/usr/bin/env python3
"""Regenerates docs/validation/real-video-variants.md: the shared real clips recorded differently, and
whether the count or refusal still holds. Each variant is made from a real clip with ffmpeg, and its right
outcome follows from the clip's hand count (tests/exercise/data/real-clips-counts.json) by the change made,
written down here before anything runs:

    mirror    the picture flipped left to right          the same outcome as the clip
    fps15     15 frames/s (a slow webcam)                 the same outcome
    small     half the width and height                   the same outcome
    fast      the person 25 % faster (the frames re-timed, the frame rate kept): the same outcome; people
              move at their own pace, and a brisk one does the same repetitions
    tilted    the camera rolled 5 degrees (a phone propped up askew), the corners filled black:
              the same outcome
    dim       a dim room: darker, flatter and grainier (brightness -0.12, contrast 0.75, noise 10):
              the same outcome
    late      starts half-way through the first hand-counted repetition:
              one complete repetition fewer (that one is a partial at the start); none left: refused,
              "no complete repetition"
    early     ends half-way through the last hand-counted repetition: one fewer, likewise
    single    one hand-counted repetition alone, with 0.4 s at rest before and after it (the one whose
              neighbours leave that much rest; a clip as short as a single lateral raise): a count of 1

Walks with hand-marked gait events (tests/gait/data) are made mirrored, at 24 frames/s, at half size, tilted
and dim, and
`physio gait` must measure each with its cadence within 5 % of the hand-marked events' cadence.

A late or early variant is made only where the hand count gives each repetition's times and the library
counts every repetition of the clip (not an alternating one-arm exercise counted per arm).

    python3 tools/real-video/perturb.py --physio build/dev/bin/physio [--work build/real-video-variants]
                                        [--shared ../shared/data] [--out docs/validation/real-video-variants.md]

The variants and their landmarks are kept in the work folder (outside the project's sources) and reused.
"""
import argparse
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as rv  # noqa: E402  (the clip table's own runner: analyse, judge, fmt_outcome)

VARIANTS = {
    "mirror": ("the picture flipped left to right", ["-vf", "hflip"]),
    "fps15": ("15 frames/s", ["-vf", "fps=15"]),
    "small": ("half the width and height", ["-vf", "scale=trunc(iw/4)*2:trunc(ih/4)*2"]),
    "fast": ("the person 25 % faster", ["-vf", "setpts=PTS/1.25"]),
    "tilted": ("the camera rolled 5 degrees", ["-vf", "rotate=5*PI/180:fillcolor=black"]),
    "dim": ("a dim room: darker, flatter and grainier",
            ["-vf", "eq=brightness=-0.12:contrast=0.75,noise=alls=10:allf=t"]),
}


# Why a variant is still wrong, read from its landmarks (printed under the table only while it is wrong).
CAUSES = {
    ("fit_seated_band_row_side_man", "fps15"):
        "the clip itself is wrong (known_wrong in the counts file: at the end of each pull the pose model puts the "
        "near elbow beside the hand and labels the real one the far elbow), so its variants are too; they were "
        "not read one by one",
    ("fit_seated_band_row_side_man", "small"):
        "the clip itself is wrong (known_wrong in the counts file: at the end of each pull the pose model puts the "
        "near elbow beside the hand and labels the real one the far elbow), so its variants are too; they were "
        "not read one by one",
    ("fit_seated_band_row_side_man", "fast"):
        "the clip itself is wrong (known_wrong in the counts file: at the end of each pull the pose model puts the "
        "near elbow beside the hand and labels the real one the far elbow), so its variants are too; they were "
        "not read one by one",
    ("fit_seated_band_row_side_man", "tilted"):
        "the clip itself is wrong (known_wrong in the counts file: at the end of each pull the pose model puts the "
        "near elbow beside the hand and labels the real one the far elbow), so its variants are too; they were "
        "not read one by one",
    ("fit_seated_band_row_side_man", "dim"):
        "the clip itself is wrong (known_wrong in the counts file: at the end of each pull the pose model puts the "
        "near elbow beside the hand and labels the real one the far elbow), so its variants are too; they were "
        "not read one by one",
    ("fit_seated_band_row_side_man", "late"):
        "the clip itself is wrong (known_wrong in the counts file: at the end of each pull the pose model puts the "
        "near elbow beside the hand and labels the real one the far elbow), so its variants are too; they were "
        "not read one by one",
    ("fit_seated_band_row_side_man", "early"):
        "the clip itself is wrong (known_wrong in the counts file: at the end of each pull the pose model puts the "
        "near elbow beside the hand and labels the real one the far elbow), so its variants are too; they were "
        "not read one by one",
    ("fit_split_squat_lunge_side_woman_pillarbox", "mirror"):
        "flipped, the pose model draws the legs part of the way onto one another for 0.16-0.2 s (3.28-3.44 s: "
        "the feet at 0.4-0.5 of their distance apart, the labels swapped around it); the merged-leg rule "
        "(under half the distance) does not find a half-merge, and the contact check reads the feet moving "
        "apart and together. A full merge at 2.8 s is read between its neighbours",
    ("fit_split_squat_lunge_side_woman_pillarbox", "small"):
        "the same merged-leg frames split the held bottom of the lunge into movements, as on the clip itself "
        "(counted 2 there, 1 here)",
    ("fit_seated_shoulder_press_oblique_lowlight_man", "fast"):
        "counted 1 for 3: 25 % faster, this man's presses take 1.1-1.3 s moving and 1.4 s from the end of one to "
        "the end of the next, under the rhythm's 1.5 s (0.75 x the 2 s the library takes from the ACSM's moderate "
        "velocity, 1-2 s up and 1-2 s down). A limit at 0.5 x counts them (fast 18 of 18) but also a 0.88 s "
        "movement the pose model makes of the mirrored biceps clip's arm while it is out of the picture, and the "
        "15 frames/s press's first movement (variants 66 of 70 against 68): not kept (2026-11-29)",
    ("fit_split_squat_lunge_side_woman_pillarbox", "dim"):
        "as on the clip itself: the legs the pose model swaps and merges in profile split the held bottom of the "
        "lunge (its `known_wrong`)",
    ("fit_sidelying_hip_abduction_woman", "dim"):
        "in the grainy picture the pose model does not follow the lying body: its limb landmarks jump from frame "
        "to frame (the median second difference of a limb landmark's position is 0.22 torso lengths a frame, "
        "against 0.01 on the clip itself and at most 0.09 on every variant measured right), the knee reads "
        "60-147 deg flexed while the leg stays straight, and no movement stands out; a refusal would be right "
        "only if it said so, and \"no complete repetition\" does not",
    ("fit_incline_pushup_oblique_older_man", "dim"):
        "the pose model finds the man first at 1.48 s (his face is at the picture's top edge, and BlazePose's "
        "detector finds a person by the face): the first push-up is under way by then and is a partial. "
        "Brightening (ffmpeg normalize) or denoising (hqdn3d) the dim frames before the pose model did not "
        "change the first frame found (2026-11-29)",
    ("fit_seated_shoulder_press_oblique_lowlight_man", "dim"):
        "a low-light clip made dimmer: the limb landmarks jump from frame to frame (median second difference "
        "0.18 torso lengths a frame, against 0.06 on the clip itself), and the presses break into movements of "
        "about 1 s that the rhythm's lower limit refuses",
    ("fit_biceps_curl_closeup_woman", "dim"):
        "the landmarks' jitter (median second difference 0.05 torso lengths a frame, twice the clip's) makes a "
        "dip of the elbow angle at 3.8 s in the one whole curl, which then counts as two (60 and 90 deg)",
    ("demo", "dim"):
        "the pose model loses the walker in the dim picture (a person in 100 of the 230 frames, against all "
        "of them on the clip itself), and the set is refused for that alone (\"not in the picture, or too dark "
        "or blurred for the body to be found\"): true of the pose model's output, but not the reason expected "
        "for a walk (walking, no repetition)",
    ("fit_wall_pushup_side_man", "fps15"):
        "the clip starts during a push-up, the elbows 30 % of the way out: on the clip itself 26 deg above the "
        "rest it returns to, against the 25.8 deg (30 % of its excursion) that makes it partial; at 15 frames/s "
        "and at half size just under, so it counts as a whole one. Also calling partial every repetition whose "
        "first value is past the start level was tried: it made the first repetition of 9 of 100 UI-PRMD "
        "sequences partial (files cut tightly at a repetition's start), so it was not kept",
    ("fit_wall_pushup_side_man", "small"):
        "as at 15 frames/s: the first push-up, under way at the first frame, falls just under the start "
        "fraction and counts as a whole one",
}


# Walks with hand-marked gait events: their variants must be measured, the cadence within 5 % of the marked one.
GAIT_EVENTS = {"sports2d-demo/demo.mp4": rv.ROOT / "tests/gait/data/sports2d_demo_events.json"}
GAIT_VARIANTS = {
    "mirror": ("the picture flipped left to right (the walk goes the other way)", ["-vf", "hflip"]),
    "fps24": ("24 frames/s (a phone's cinema rate)", ["-vf", "fps=24"]),
    "small": VARIANTS["small"],
    "tilted": VARIANTS["tilted"],
    "dim": VARIANTS["dim"],
}
CADENCE_TOLERANCE = 0.05


def marked_cadence(events_file):
    """Steps/min from the hand-marked initial contacts of both feet (the mean interval between them)."""
    ev = json.loads(Path(events_file).read_text())
    ics = sorted(ev["left"]["initial_contact"] + ev["right"]["initial_contact"])
    mean_frames = (ics[-1] - ics[0]) / (len(ics) - 1)
    return 60.0 * ev["frame_rate_hz"] / mean_frames


def gait_rows(physio, shared, work, only):
    rows = []
    for clip, events in GAIT_EVENTS.items():
        src = shared / clip
        if not src.exists():
            continue
        want = marked_cadence(events)
        for name, (what, vf) in GAIT_VARIANTS.items():
            if only and name not in only:
                continue
            dst = work / f"{Path(clip).stem}.gait-{name}.mp4"
            make_variant(src, dst, vf)
            g = rv.gait(physio, dst, work)
            cad = g.get("cadence_steps_per_min") if g.get("valid", True) else None
            right = cad is not None and abs(cad - want) <= CADENCE_TOLERANCE * want
            ours = (f"measured: cadence {cad:.1f} steps/min, frame rate {g.get('walk', {}).get('rate_hz', 0):.1f} "
                    f"frames/s, time resolution {g.get('walk', {}).get('time_resolution_ms', 0):.1f} ms, "
                    f"{g.get('walk', {}).get('direction', '')}" if cad is not None
                    else "refused: " + " / ".join(g.get("reasons", [])))
            rows.append({"clip": clip, "variant": name, "what": what, "want": want, "ours": ours, "right": right})
            print(f"{clip} [{name}] gait: {'right' if right else 'WRONG'} {ours}", file=sys.stderr, flush=True)
    return rows


def clip_duration(src):
    """The clip's duration in seconds (ffprobe)."""
    p = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                        "default=noprint_wrappers=1:nokey=1", str(src)], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"ffprobe {src.name} failed: {p.stderr.strip()}")
    return float(p.stdout.strip())


def make_variant(src, dst, vf_args, start=None, end=None):
    if dst.exists():
        return
    cmd = ["ffmpeg", "-v", "error", "-y"]
    if start is not None:
        cmd += ["-ss", f"{start:.3f}"]
    cmd += ["-i", str(src)]
    if end is not None:
        cmd += ["-t", f"{end:.3f}"]
    cmd += vf_args + ["-an", "-c:v", "libx264", "-crf", "18", "-pix_fmt", "yuv420p", str(dst)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"ffmpeg {src.name} -> {dst.name} failed: {p.stderr.strip()}")


def landmarks_or_refusal(physio, clip, work):
    """The clip's landmarks, or (pose found nobody) the refusal `physio pose` gives, as a result."""
    try:
        return rv.landmarks_for(physio, clip, work)
    except SystemExit as e:
        msg = str(e)
        if "no person found" not in msg:
            raise
        return {"valid": False, "reasons": ["physio pose: no person found in the recording"]}


def one_fewer(expect, counts_every_rep):
    """The right outcome of a clip with one complete repetition less."""
    if expect["expect"] != "count" or not counts_every_rep:
        return None
    n = expect["count"] - 1
    other = {k: expect[k] for k in ("or_reason_any",) if k in expect}  # a refusal as right as the count
    if n >= 1:
        return {"expect": "count", "count": n, **other}
    return {"expect": "refuse", "reason_any": ["^no complete repetition"] + other.get("or_reason_any", [])}


SINGLE_MARGIN_S = 0.4


def single_rep(reps, duration_s):
    """The (start, end) to cut for one hand-counted repetition with SINGLE_MARGIN_S at rest on each side:
    the first repetition whose neighbours (and the clip's ends) leave that margin free, else None."""
    for i, (a, b) in enumerate(reps):
        before = reps[i - 1][1] if i > 0 else 0.0
        after = reps[i + 1][0] if i + 1 < len(reps) else duration_s
        if a - SINGLE_MARGIN_S >= before and b + SINGLE_MARGIN_S <= after:
            return a - SINGLE_MARGIN_S, b + SINGLE_MARGIN_S
    return None


def just_one(expect, counts_every_rep):
    """The right outcome of a clip cut to one complete repetition."""
    if expect["expect"] != "count" or not counts_every_rep:
        return None
    other = {k: expect[k] for k in ("or_reason_any",) if k in expect}
    return {"expect": "count", "count": 1, **other}


def mirrored(expect):
    """The right outcome of the clip flipped left to right: a true reason that names a side names the
    other one (the pose model labels the sides as the picture shows them)."""
    swap = {"left": "right", "right": "left"}
    flip = lambda p: re.sub(r"\b(left|right)\b", lambda m: swap[m.group(1)], p)
    out = dict(expect)
    for k in ("reason_any", "or_reason_any"):
        if k in out:
            out[k] = [flip(p) for p in out[k]]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--physio", default=str(rv.ROOT / "build/dev/bin/physio"))
    ap.add_argument("--work", default=str(rv.ROOT / "build/real-video-variants"))
    ap.add_argument("--shared", default=str(rv.ROOT.parent / "shared/data"))
    ap.add_argument("--out", default=str(rv.ROOT / "docs/validation/real-video-variants.md"))
    ap.add_argument("--only", default="", help="variants to run, comma-separated (default all)")
    a = ap.parse_args()
    shared, work = Path(a.shared), Path(a.work)
    if not shared.is_dir():
        raise SystemExit(f"{shared}: the shared data folder is absent")
    work.mkdir(parents=True, exist_ok=True)
    only = set(a.only.split(",")) if a.only else None
    counts = json.loads(rv.COUNTS.read_text())
    rows = []
    for c in counts["clips"]:
        lib = c.get("library", [])
        if not lib:
            continue
        src = shared / c["clip"]
        stem = Path(c["clip"]).stem
        jobs = []  # (variant name, what, file, {exercise: expect})
        for name, (what, vf) in VARIANTS.items():
            jobs.append((name, what, work / f"{stem}.{name}.mp4", vf, None, None,
                         {e["exercise"]: mirrored(e) if name == "mirror" else e for e in lib}))
        reps = c.get("reps_s") or []
        every = {e["exercise"]: e.get("count") == c.get("complete") for e in lib}
        # One fewer: the clip cut half-way through its first (late) or last (early) hand-counted repetition.
        fewer = {e["exercise"]: one_fewer(e, every[e["exercise"]]) for e in lib}
        fewer = {k: v for k, v in fewer.items() if v}
        one = {e["exercise"]: just_one(e, every[e["exercise"]]) for e in lib}
        one = {k: v for k, v in one.items() if v}
        cut = single_rep(reps, clip_duration(src)) if reps and one else None
        if cut:
            jobs.append(("single", f"{cut[0]:.2f}-{cut[1]:.2f} s: one repetition with {SINGLE_MARGIN_S} s at rest "
                         "either side", work / f"{stem}.single.mp4", [], cut[0], cut[1] - cut[0], one))
        if reps and fewer:
            for name, (a0, b0), verb in (("late", reps[0], "starts"), ("early", reps[-1], "ends")):
                t = (a0 + b0) / 2
                jobs.append((name, f"{verb} at {t:.2f} s, half-way through the repetition at {a0}-{b0} s",
                             work / f"{stem}.{name}.mp4", [], t if name == "late" else None,
                             t if name == "early" else None, fewer))
        for name, what, dst, vf, start, end, expects in jobs:
            if only and name not in only:
                continue
            make_variant(src, dst, vf, start, end)
            lm = landmarks_or_refusal(a.physio, dst, work)
            for ex, expect in expects.items():
                r = rv.analyse(a.physio, lm, ex, work) if isinstance(lm, Path) else lm
                right, why = rv.judge(expect, r)
                rows.append({"clip": c["clip"], "variant": name, "what": what, "exercise": ex,
                             "expect": expect, "result": r, "right": right, "why": why})
                print(f"{c['clip']} [{name}] x {ex}: {'right' if right else 'WRONG'} {rv.fmt_outcome(r)}",
                      file=sys.stderr, flush=True)

    walks = gait_rows(a.physio, shared, work, only)

    def want(e):
        if e["expect"] == "count":
            return str(e["count"])
        return "refused (" + " or ".join(x.lstrip("^") for x in e.get("reason_any", [])) + ")"

    lines = []
    w = lines.append
    w("# Real footage recorded differently: variants of the shared clips")
    w("")
    w("Regenerated by `python3 tools/real-video/perturb.py`. Each shared real clip that a library exercise applies")
    w("to is made again with ffmpeg as another camera or another moment would have recorded it, and analysed as")
    w("`physio analyze` analyses any recording. The right outcome of each variant follows from the clip's hand")
    w("count by the change made, and was written down before the variants ran (the script's header):")
    w("")
    for name, (what, _) in VARIANTS.items():
        w(f"- `{name}`: {what}; the same outcome as the clip.")
    w("- `late`: starts half-way through the first hand-counted repetition; one complete repetition fewer, or,")
    w("  with none left, a refusal for no complete repetition.")
    w("- `early`: ends half-way through the last hand-counted repetition; likewise.")
    w(f"- `single`: one hand-counted repetition alone, {SINGLE_MARGIN_S} s at rest before and after it; a count of 1.")
    w("")
    n_right = sum(1 for r in rows if r["right"])
    w(f"**Right: {n_right} of {len(rows)}** variant x exercise pairs (measured {datetime.date.today().isoformat()}).")
    w("")
    by = {}
    for r in rows:
        d = by.setdefault(r["variant"], [0, 0])
        d[1] += 1
        d[0] += 1 if r["right"] else 0
    w("| variant | right |")
    w("|---|---|")
    for name in list(VARIANTS) + ["late", "early", "single"]:
        if name in by:
            w(f"| {name} | {by[name][0]} of {by[name][1]} |")
    w("")
    w("| clip | variant | exercise | right outcome | ours | right |")
    w("|---|---|---|---|---|---|")
    for r in rows:
        verdict = "right" if r["right"] else f"**wrong**: {r['why']}"
        w(f"| {Path(r['clip']).name} | {r['variant']}: {rv.md_escape(r['what'])} | {r['exercise']} | "
          f"{rv.md_escape(want(r['expect']))} | {rv.md_escape(rv.fmt_outcome(r['result']))} | {rv.md_escape(verdict)} |")
    if walks:
        w("")
        w(f"## Walks: `physio gait`, the cadence within {CADENCE_TOLERANCE:.0%} of the hand-marked events'")
        w("")
        w(f"**Right: {sum(1 for r in walks if r['right'])} of {len(walks)}** (hand-marked events: "
          "tests/gait/data/sports2d_demo_events.json).")
        w("")
        w("| clip | variant | hand-marked cadence | ours | right |")
        w("|---|---|---|---|---|")
        for r in walks:
            w(f"| {Path(r['clip']).name} | {r['variant']}: {r['what']} | {r['want']:.1f} steps/min | "
              f"{rv.md_escape(r['ours'])} | {'right' if r['right'] else '**wrong**'} |")
    wrong = [r for r in rows if not r["right"]]
    if wrong:
        w("")
        w("Why the wrong ones are wrong (read from their landmarks):")
        w("")
        for r in wrong:
            cause = CAUSES.get((Path(r["clip"]).stem, r["variant"]), "not yet read")
            w(f"- {Path(r['clip']).name}, {r['variant']}, {r['exercise']}: {cause}.")
    Path(a.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {a.out}: {n_right} of {len(rows)} right", file=sys.stderr)


if __name__ == "__main__":
    main()

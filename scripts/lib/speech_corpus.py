#!/usr/bin/env python3
"""The text physiokit's speech model is trained on, from files in the repository only (stdout, one
normalised sentence a line; scripts/build-speech-models.sh). Deterministic: same files, same output."""
import glob
import json
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n):
    # As src/scribe/wer.hpp writes numbers, so the model and the word error rate agree.
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + number_words(n % 100))
    return number_words(n // 1000) + " thousand" + ("" if n % 1000 == 0 else " " + number_words(n % 1000))


def normalise(text):
    text = text.lower().replace("-", " ").replace("/", " ")
    text = re.sub(r"\d+", lambda m: " " + number_words(int(m.group())) + " ", text)
    text = re.sub(r"[^a-z' ]", " ", text)
    words = [w.strip("'") for w in text.split()]
    return " ".join(w for w in words if w)


def phrases(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return [p for e in json.load(f)["entries"] for p in e["phrases"]]


def lines(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


exercises = phrases("data/scribe/exercises.json")
for p in sorted(glob.glob(os.path.join(ROOT, "data/exercises/*.json"))):
    with open(p, encoding="utf-8") as f:
        e = json.load(f)
    exercises += [e["name"]] + list(e.get("aliases", []))
measures = []
for p in sorted(glob.glob(os.path.join(ROOT, "data/measures/*.json"))):
    with open(p, encoding="utf-8") as f:
        m = json.load(f)
    name = re.sub(r"\(.*?\)", "", m["name"])
    measures += [name, m["id"].replace("_", " ")]

slots = {
    "site": phrases("data/scribe/body_sites.json"),
    "side": ["left", "right", "both", "left side of my", "right side of my"],
    "number": ONES[:11] + ["six or seven", "seven and a half", "five or six"],
    "duration": ["two days", "a few days", "about a week", "three weeks", "a couple of weeks", "six weeks",
                 "a month", "two months", "six months", "about a year", "a few years"],
    "exercise": exercises,
    "medicine": phrases("data/scribe/medicines.json"),
    "activity": phrases("data/scribe/activities.json"),
    "red_flag": phrases("data/scribe/red_flags.json"),
    "measure": measures,
}

out = []
out += lines("data/scribe/speech/phrases.txt")
for t in lines("data/scribe/speech/templates.txt"):
    names = re.findall(r"\{(\w+)\}", t)
    if not names:
        out.append(t)
        continue
    first = names[0]
    for i, v in enumerate(slots[first]):
        s = t.replace("{" + first + "}", v, 1)
        for k, other in enumerate(names[1:], start=1):
            vals = slots[other]
            s = s.replace("{" + other + "}", vals[(i * 7 + k) % len(vals)], 1)
        out.append(s)
# Every vocabulary phrase alone too, so each is a known word sequence.
for name in ("site", "exercise", "medicine", "activity", "red_flag", "measure"):
    out += slots[name]

for s in out:
    n = normalise(s)
    if n:
        print(n)

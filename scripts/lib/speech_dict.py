#!/usr/bin/env python3
"""physiokit's pronunciation dictionary: Debian's cmudict-en-us.dict, plus a pronunciation for every word of
the physiotherapy language model that it lacks, from espeak-ng's IPA (en-us voice) mapped to the CMU phone
set by the fixed table below (docs/validation/scribe.md, "Speech models").

usage: speech_dict.py CMUDICT VOCAB > physio.dict   (VOCAB: one word a line)"""
import subprocess
import sys
import unicodedata

# IPA (espeak-ng --ipa=3, tie marks removed) -> CMU phones; longest symbols first.
IPA_TO_CMU = [
    ("aɪə", "AY ER"), ("aʊ", "AW"), ("aɪ", "AY"), ("eɪ", "EY"), ("oʊ", "OW"), ("əʊ", "OW"), ("ɔɪ", "OY"),
    ("tʃ", "CH"), ("dʒ", "JH"), ("ɜː", "ER"), ("ɪə", "IH R"), ("eə", "EH R"), ("ʊə", "UH R"),
    ("ɑː", "AA"), ("ɔː", "AO"), ("iː", "IY"), ("uː", "UW"), ("ɚ", "ER"), ("ɝ", "ER"),
    ("ɑ", "AA"), ("ɒ", "AA"), ("æ", "AE"), ("a", "AE"), ("ʌ", "AH"), ("ə", "AH"), ("ɐ", "AH"), ("ɔ", "AO"),
    ("ɛ", "EH"), ("e", "EH"), ("ɪ", "IH"), ("ᵻ", "IH"), ("i", "IY"), ("o", "OW"), ("ʊ", "UH"), ("u", "UW"),
    ("b", "B"), ("d", "D"), ("ð", "DH"), ("f", "F"), ("ɡ", "G"), ("g", "G"), ("h", "HH"), ("k", "K"),
    ("l", "L"), ("ɫ", "L"), ("m", "M"), ("n", "N"), ("ŋ", "NG"), ("p", "P"), ("ɹ", "R"), ("r", "R"),
    ("ɾ", "T"), ("s", "S"), ("ʃ", "SH"), ("t", "T"), ("θ", "TH"), ("v", "V"), ("w", "W"), ("j", "Y"),
    ("z", "Z"), ("ʒ", "ZH"), ("ʔ", "T"), ("x", "K"), ("ç", "HH"),
]
IGNORED = set("ˈˌːˑ‍‌ \u0329\u032f\u0306-")


def to_cmu(ipa):
    ipa = unicodedata.normalize("NFC", ipa)
    s = "".join(c for c in ipa if c not in IGNORED or c == "ː")
    s = s.replace("\u200d", "")
    phones, i = [], 0
    while i < len(s):
        for sym, cmu in IPA_TO_CMU:
            if s.startswith(sym, i):
                phones += cmu.split()
                i += len(sym)
                break
        else:
            i += 1  # a length mark or a symbol without a CMU phone
    return phones


def espeak_ipa(word):
    out = subprocess.run(["espeak-ng", "-q", "-v", "en-us", "--ipa=3", word], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def main():
    cmudict, vocab = sys.argv[1], sys.argv[2]
    entries = {}
    known = set()
    with open(cmudict, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            entries[parts[0]] = " ".join(parts[1:])
            known.add(parts[0].split("(")[0])
    added = []
    with open(vocab, encoding="utf-8") as f:
        words = sorted({w.strip() for w in f if w.strip()})
    for w in words:
        if w in known or w.startswith("<") or not w[0].isalpha() or not all(c.isalpha() or c == "'" for c in w):
            continue
        phones = to_cmu(espeak_ipa(w))
        if phones:
            entries[w] = " ".join(phones)
            added.append(w)
    for k in sorted(entries):
        print(k, entries[k])
    print(f"speech_dict: {len(added)} words added from espeak-ng: {' '.join(added)}", file=sys.stderr)


main()

#!/usr/bin/env python3
"""Builds model/background_df.txt: in how many background news documents each
word occurs, for the coverage tier's IDF (src/cluster/idf.rs). Background =
PolNeAR train texts (840 US political articles, 2015-16) + CoNLL-2003 train
(946 Reuters documents, 1996): training splits only, never the dev or test
sets. Words are folded as src/cluster/idf.rs folds terms (lower case, dots
and a trailing possessive dropped); words in fewer than MIN_DF documents are
left out (they count as unseen: rare, hence distinctive).

usage: python3 scripts/background-df.py DATA_DIR > model/background_df.txt
"""
import collections, os, re, sys

MIN_DF = 8
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../shared/data")
docs = []
tdir = os.path.join(data, "quotes/polnear/train/text")
for f in sorted(os.listdir(tdir)):
    with open(os.path.join(tdir, f), encoding="utf8") as fh:
        docs.append(fh.read())
cur = []
with open(os.path.join(data, "ner/conll2003/train.conllu"), encoding="utf8") as fh:
    for line in fh:
        p = line.rstrip("\n").split("\t")
        if len(p) >= 2:
            if p[1] == "-DOCSTART-":
                if cur:
                    docs.append(" ".join(cur))
                cur = []
            else:
                cur.append(p[1])
if cur:
    docs.append(" ".join(cur))


def fold(w):
    w = w.lower().replace(".", "").replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.strip("'-")


df = collections.Counter()
for d in docs:
    ws = set()
    for w in re.split(r"[^\w.'\u2019-]+", d):
        w = fold(w)
        if len(w) >= 2 and not w.isdigit() and "_" not in w:
            ws.add(w)
    df.update(ws)
by = collections.defaultdict(list)
for w, c in df.items():
    if c >= MIN_DF:
        by[c].append(w)
print(f"# background document frequencies for src/cluster/idf.rs, made by scripts/background-df.py")
print(f"# from PolNeAR train + CoNLL-2003 train; MIN_DF {MIN_DF}; one line per frequency: DF word...")
print(f"N {len(docs)}")
for c in sorted(by, reverse=True):
    print(c, " ".join(sorted(by[c])))

#!/usr/bin/env python3
"""Makes N distinct tiny JPEG scans and a metadata sheet for tests/bench/scale.sh.

Each file is the same 32x32 JPEG with a comment segment (COM) holding its
number, so every file has its own checksum and decodes like the others.
Names carry a Gallica ARK with a valid NOID check character and a view, so
identifier look-ups have something to find; the sheet gives titles, creators,
dates (some approximate, some ranges) and tags drawn from small lists, as a
real collection repeats its creators and tags.

    scale_fixture.py BASE.jpg N OUTDIR     (writes OUTDIR/NNNNNN/ folders of 10,000 and sheet-K.csv)
"""
import csv
import os
import random
import struct
import sys

ALPHABET = "0123456789bcdfghjkmnpqrstvwxz"


def noid_check(name):
    total = sum((i + 1) * (ALPHABET.index(c) if c in ALPHABET else 0) for i, c in enumerate(name))
    return ALPHABET[total % 29]


def ark_name(n):
    body = "btv1b" + "".join(ALPHABET[(n // 29 ** k) % 29] for k in range(7))
    return body + noid_check(body)


CREATORS = ["Honoré Daumier", "Paul Gavarni", "Grandville", "Gustave Doré", "Cham",
            "Charles Vernier", "Anonyme", "Henri Monnier", "Nadar", "Bertall"]
TAGS = ["caricature", "portrait", "paysage", "architecture", "mode", "théâtre", "politique",
        "justice", "musique", "botanique", "marine", "religion"]
WORDS = ["Les", "Gens", "de", "justice", "Robert", "Macaire", "Salon", "mœurs", "conjugales",
         "Types", "parisiens", "Voyage", "Paris", "vue", "plan", "portrait", "bal", "masqué"]


def main():
    base, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    data = open(base, "rb").read()
    assert data[:2] == b"\xff\xd8"
    rnd = random.Random(7)
    os.makedirs(out, exist_ok=True)
    sheet = None
    for i in range(n):
        chunk = i // 10000
        folder = os.path.join(out, "%02d" % chunk)
        if i % 10000 == 0:
            os.makedirs(folder, exist_ok=True)
            if sheet:
                sheet.close()
            sheet = open(os.path.join(out, "sheet-%02d.csv" % chunk), "w", newline="")
            w = csv.writer(sheet)
            w.writerow(["file", "title", "creator", "date", "tags"])
        name = "%s_f%d.jpg" % (ark_name(i), 1 + i % 40)
        comment = b"planche scale %d" % i
        com = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data[:2] + com + data[2:])
        year = 1800 + rnd.randrange(100)
        date = rnd.choice([str(year), "vers %d" % year, "%d-%d" % (year, year + 3), str(year)])
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(2, 6)))
        tags = ",".join(sorted(set(rnd.choice(TAGS) for _ in range(rnd.randrange(1, 4)))))
        w.writerow([os.path.join("%02d" % chunk, name), title, rnd.choice(CREATORS), date, tags])
    if sheet:
        sheet.close()


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""score_rank_numpy.py: the reference side of the score-and-rank benchmark (bench/score_rank.c).

Usage: score_rank_numpy.py OUT_DIR REPS

Reads OUT_DIR/score_rank.bin (written by build/bench/score_rank; reading is not timed), then REPS times
computes with NumPy, vectorised over all households, what the C side computes with core_hindex_score,
core_rank_key_from and core_rank_sort: C, C_sev, G, the breadth B (from the per-dimension C_d), red
flags, the tier (cut-offs compared as q*C >= p*D in integers), the urgency U with its caps, and the full
ranking with np.lexsort over (tier, U, C, C_sev, G, B larger first; category rank, registration date,
household id smaller first). The weighted sums are float32 matrix products (BLAS), exact because every
value is a whole number below 2^24; everything else is integer arithmetic.

It checks that its ranking is the C program's (OUT_DIR/score_rank.ranked, element by element) and
prints the checksum sum((position + 1) * id) mod 2^64 and a last line "result numpy_s=<median seconds>".
"""
import statistics
import sys
import time

import numpy as np

RED_WHEN_DEPRIVED, RED_WHEN_SEVERE = 1, 2
TIER_NONE, TIER_VULNERABLE, TIER_POOR, TIER_SEVERE, TIER_RED = range(5)


def read_data(path):
    with open(path, "rb") as f:
        if f.read(8) != b"WSSR0001":
            sys.exit(f"{path}: not a score_rank data file")
        n = int(np.fromfile(f, "<i8", 1)[0])
        nind, ndims, denominator, _ = (int(v) for v in np.fromfile(f, "<i4", 4))
        cut = np.fromfile(f, "<i8", 6)
        weight, dim, has_severe, red = (np.fromfile(f, "<i4", nind) for _ in range(4))
        levels = np.fromfile(f, "i1", n * nind).reshape(n, nind)
        needs = np.fromfile(f, "<u4", n * 3).reshape(n, 3)
        category = np.fromfile(f, "u1", n)
        ymd = np.fromfile(f, "<i4", n)
        ids = np.fromfile(f, "<i8", n)
    if ids.size != n:
        sys.exit(f"{path}: truncated")
    cutoffs = {"severe": (int(cut[0]), int(cut[1])), "poor": (int(cut[2]), int(cut[3])),
               "vulnerable": (int(cut[4]), int(cut[5]))}
    return dict(n=n, ndims=ndims, D=denominator, cutoffs=cutoffs, weight=weight, dim=dim,
                has_severe=has_severe.astype(bool), red=red, levels=levels, needs=needs,
                category=category, ymd=ymd, ids=ids)


def score_and_rank(d):
    """The ranked household ids, computed from the raw answers."""
    levels, w = d["levels"], d["weight"]
    deprived = levels >= 1                                  # n x nind
    severe = (levels >= 2) & d["has_severe"]                # a 2 without a severe level counts as 1
    # Weighted sums as matrix products. NumPy multiplies integer matrices with a plain loop but float32
    # ones with BLAS, three times faster here; every product and partial sum is a whole number below
    # 2^24 (C_d <= D <= 1,000,000; checked below), so float32 gives them exactly.
    assert 2 * int(w.sum()) < 1 << 24
    wdim = np.zeros((w.size, d["ndims"]), np.float32)       # column k: the weights of dimension k
    wdim[np.arange(w.size), d["dim"]] = w
    red_dep = (d["red"] == RED_WHEN_DEPRIVED).astype(np.float32)
    red_sev = (d["red"] == RED_WHEN_SEVERE).astype(np.float32)
    dep_f, sev_f = deprived.astype(np.float32), severe.astype(np.float32)
    c_dim = (dep_f @ wdim).astype(np.int64)
    c = c_dim.sum(axis=1)
    c_sev = (sev_f @ w.astype(np.float32)).astype(np.int64)
    g = c + c_sev
    breadth = (c_dim > 0).sum(axis=1)
    red = (dep_f @ red_dep + sev_f @ red_sev).astype(np.int64)

    D = d["D"]
    tier = np.full(d["n"], TIER_NONE, np.int8)
    for name, value in (("vulnerable", TIER_VULNERABLE), ("poor", TIER_POOR), ("severe", TIER_SEVERE)):
        p, q = d["cutoffs"][name]
        tier[q * c >= p * D] = value
    tier[red > 0] = TIER_RED

    needs = d["needs"].astype(np.int64)
    urgency = (10000 * np.minimum(99, needs[:, 0] + red) + 100 * np.minimum(99, needs[:, 1]) +
               np.minimum(99, needs[:, 2]))
    category_rank = (d["category"].astype(np.int16) - 1) % 256   # 特困 0 ... 其他 5, none 255: last

    # np.lexsort sorts by the last key first.
    order = np.lexsort((d["ids"], d["ymd"], category_rank, -breadth, -g, -c_sev, -c, -urgency, -tier))
    return d["ids"][order]


def main():
    if len(sys.argv) != 3:
        sys.exit("Usage: score_rank_numpy.py OUT_DIR REPS")
    out, reps = sys.argv[1], int(sys.argv[2])
    d = read_data(f"{out}/score_rank.bin")
    score_and_rank(d)  # warm-up, like the C side's untimed round
    times, ranked = [], None
    for r in range(reps):
        t = time.perf_counter()
        ranked = score_and_rank(d)
        times.append(time.perf_counter() - t)
        print(f"run {r + 1}: numpy {times[-1]:.4f} s", flush=True)
    expected = np.fromfile(f"{out}/score_rank.ranked", "<i8")
    if not np.array_equal(ranked, expected):
        first = int(np.argmax(ranked != expected)) if ranked.size == expected.size else -1
        sys.exit(f"numpy ranking differs from the C ranking (first difference at position {first})")
    positions = np.arange(1, ranked.size + 1, dtype=np.uint64)
    checksum = int((ranked.astype(np.uint64) * positions).sum(dtype=np.uint64))
    print(f"same ranking as the C program ({ranked.size} households)")
    print(f"result numpy_s={statistics.median(times):.4f} checksum={checksum} numpy={np.__version__}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""bench/insight-betweenness.py — how far sampled betweenness is from a
reference (exact, or many more samples): the overlap of the top 100 and of
the top 1 % (the bridge-builders), Spearman's rho over everyone, and the
median relative error of the top 1 %. Each file has one person a line,
"id betweenness" first (spaces or |), e.g. from a snapshot:

  sqlite3 -separator ' ' DIR/plein.db \\
    'SELECT person_id, betweenness FROM insight_people WHERE snapshot_id = N' > sampled.txt
  /usr/bin/python3 bench/insight-betweenness.py sampled.txt reference.txt"""
import sys

from insight_stats import spearman, top


def read(path):
    out = {}
    with open(path) as f:
        for line in f:
            p = line.replace('|', ' ').split()
            if len(p) >= 2 and not line.startswith('#'):
                out[int(p[0])] = float(p[1])
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    s, r = read(sys.argv[1]), read(sys.argv[2])
    ids = sorted(set(s) & set(r))
    n = len(ids)
    k1 = max(1, (n + 99) // 100)
    rho = spearman([s[i] for i in ids], [r[i] for i in ids])
    t100 = len(top(s, 100) & top(r, 100)) / min(100.0, n)
    t1 = len(top(s, k1) & top(r, k1)) / float(k1)
    errs = sorted(abs(s[i] - r[i]) / r[i] for i in top(r, k1) if r[i] > 0)
    med = errs[len(errs) // 2] if errs else 0.0
    print('people %d: top-100 overlap %.2f, top-1%% (%d) overlap %.2f, Spearman %.4f, '
          'median relative error of the top 1%% %.3f' % (n, t100, k1, t1, rho, med))
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""bench/insight_stats.py — the comparisons the insight bench scripts share
(insight-networkx.py, insight-betweenness.py): Spearman's rho with average
ranks for ties, and the top k of a {id: value} map (ties broken by id)."""


def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0
        i = j + 1
    return r


def spearman(x, y):
    """Spearman's rho of two equally long lists."""
    rx, ry = ranks(x), ranks(y)
    n = len(x)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def top(d, k):
    """The k ids with the highest values."""
    return set(sorted(d, key=lambda i: (-d[i], i))[:k])

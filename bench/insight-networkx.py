#!/usr/bin/python3
"""bench/insight-networkx.py — the same analysis as plein's insight, in
NetworkX (Debian's python3-networkx), on the graph `plein insight
--export-graph FILE` wrote: PageRank on the directed weighted graph
(damping 0.85), betweenness on the ties (pairs whose weights both ways sum
to >= 1.0) from K sampled sources (scaled by n/K, as plein does), Louvain
communities on the weighted ties. Prints the seconds of each step, the
total and the peak RSS; with --people FILE (plein's per-person figures:
"id betweenness pagerank ..." per line) also how far the two agree.

  /usr/bin/python3 bench/insight-networkx.py GRAPH [--samples 256] [--seed 1]
                                             [--skip pagerank,betweenness,louvain] [--people FILE]
Run with Debian's /usr/bin/python3 (the packaged networkx and scipy)."""
import argparse
import resource
import sys
import time

import networkx as nx

from insight_stats import spearman, top

TIE_MIN = 1.0


def read_graph(path):
    g = nx.DiGraph()
    with open(path) as f:
        for line in f:
            if line.startswith('#'):
                continue
            parts = line.split()
            if parts[0] == 'v':
                g.add_node(int(parts[1]))
            else:
                g.add_edge(int(parts[0]), int(parts[1]), weight=float(parts[2]))
    return g


def ties_of(g):
    t = nx.Graph()
    t.add_nodes_from(g.nodes)
    summed = {}
    for a, b, w in g.edges(data='weight'):
        key = (a, b) if a < b else (b, a)
        summed[key] = summed.get(key, 0.0) + w
    t.add_weighted_edges_from((a, b, w) for (a, b), w in summed.items() if w >= TIE_MIN - 1e-6)
    return t


def top_overlap(a, b, k=100):
    return len(top(a, k) & top(b, k)) / float(k)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('graph')
    ap.add_argument('--samples', type=int, default=256)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--skip', default='')
    ap.add_argument('--people', default='')
    args = ap.parse_args()
    skip = set(s for s in args.skip.split(',') if s)
    total = time.monotonic()
    t = time.monotonic()
    g = read_graph(args.graph)
    print('read        %8.2f s  %d people, %d directed pairs' % (time.monotonic() - t, g.number_of_nodes(),
                                                                   g.number_of_edges()), flush=True)
    results = {}
    steps = {}
    if 'pagerank' not in skip:
        t = time.monotonic()
        results['pagerank'] = nx.pagerank(g, alpha=0.85, weight='weight')
        steps['pagerank'] = time.monotonic() - t
        print('pagerank    %8.2f s' % steps['pagerank'], flush=True)
    t = time.monotonic()
    ties = ties_of(g)
    n = ties.number_of_nodes()
    del g
    print('ties        %8.2f s  %d ties' % (time.monotonic() - t, ties.number_of_edges()), flush=True)
    if 'betweenness' not in skip:
        t = time.monotonic()
        k = min(args.samples, n)
        results['betweenness'] = nx.betweenness_centrality(ties, k=k, normalized=False, seed=args.seed)
        steps['betweenness'] = time.monotonic() - t
        print('betweenness %8.2f s  %d sampled sources' % (steps['betweenness'], k), flush=True)
    if 'louvain' not in skip:
        t = time.monotonic()
        comms = nx.community.louvain_communities(ties, weight='weight', seed=args.seed)
        steps['louvain'] = time.monotonic() - t
        q = nx.community.modularity(ties, comms, weight='weight')
        print('louvain     %8.2f s  %d communities, modularity %.4f' % (steps['louvain'], len(comms), q), flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print('total       %8.2f s  peak RSS %.0f MB  (analysis steps only: %.2f s)'
          % (time.monotonic() - total, rss, sum(steps.values())), flush=True)
    print('analysis_seconds %.2f' % sum(steps.values()), flush=True)
    if args.people:
        mine = {'betweenness': {}, 'pagerank': {}}
        with open(args.people) as f:
            for line in f:
                p = line.split()
                mine['betweenness'][int(p[0])] = float(p[1])
                mine['pagerank'][int(p[0])] = float(p[2])
        for what, theirs in results.items():
            ids = sorted(theirs)
            a = [mine[what].get(i, 0.0) for i in ids]
            b = [theirs[i] for i in ids]
            print('%-11s plein vs networkx: top-100 overlap %.2f, Spearman %.4f'
                  % (what, top_overlap(dict(zip(ids, a)), dict(zip(ids, b))), spearman(a, b)), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())

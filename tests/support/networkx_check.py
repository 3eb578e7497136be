"""Recompute wikigraph's analyses with networkx and compare.

usage: networkx_check.py GRAPH_JSON CASES_JSON

GRAPH_JSON is wikigraph's graph.json; CASES_JSON holds wikigraph's own JSON
reports (reach, path, orphans, stats) with the arguments that produced them.
Prints every disagreement and exits 1 if there is one.
"""
import json
import sys

import networkx as nx

try:
    pagerank = nx.pagerank
    import scipy  # noqa: F401  (nx.pagerank needs it)
except ImportError:  # pure-python fallback, same definition
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as pagerank


def main():
    data = json.load(open(sys.argv[1]))
    cases = json.load(open(sys.argv[2]))
    G = nx.node_link_graph(data, edges="links")
    kind = nx.get_node_attributes(G, "kind")
    errors = []

    def view(relations, include_missing, direction):
        keep = [n for n in G if include_missing or kind[n] != "missing"]
        H = nx.MultiDiGraph()
        H.add_nodes_from(keep)
        for u, v, d in G.edges(data=True):
            if u in H and v in H and (not relations or d["relation"] in relations):
                H.add_edge(u, v)
        if direction == "in":
            return H.reverse(copy=False)
        if direction == "both":
            return H.to_undirected(as_view=True)
        return H

    for c in cases["reach"]:
        a = c["args"]
        H = view(set(a["relations"]), a["include_missing"], a["direction"])
        want = nx.single_source_shortest_path_length(H, c["report"]["from"], cutoff=a["depth"])
        want.pop(c["report"]["from"], None)
        got = {n["id"]: n["distance"] for n in c["report"]["nodes"]}
        if got != want:
            only_got = sorted(set(got) - set(want))[:5]
            only_want = sorted(set(want) - set(got))[:5]
            diff = sorted(k for k in set(got) & set(want) if got[k] != want[k])[:5]
            errors.append(f"reach {a}: wikigraph-only {only_got}, networkx-only {only_want}, distance differs {diff}")
        for n in c["report"]["nodes"]:
            if len(n["path"]) != n["distance"]:
                errors.append(f"reach {a}: path of {n['id']} has {len(n['path'])} steps for distance {n['distance']}")

    for c in cases["path"]:
        a = c["args"]
        H = view(set(), True, "out")
        try:
            want = nx.shortest_path_length(H, a["from"], a["to"])
        except nx.NetworkXNoPath:
            want = None
        got = None if c["report"] is None else len(c["report"]["steps"])
        if got != want:
            errors.append(f"path {a}: wikigraph {got}, networkx {want}")
        if c["report"]:
            at = a["from"]
            for s in c["report"]["steps"]:
                ok = s["source"] == at and any(
                    d["relation"] == s["relation"] for d in G.get_edge_data(s["source"], s["target"], default={}).values()
                )
                if not ok:
                    errors.append(f"path {a}: step {s} is not an edge from {at}")
                at = s["target"]

    o = cases["orphans"]
    entries = set(o["entry_points"])
    pages = [n for n in G if kind[n] == "page"]
    want_orphans = [p for p in pages if p not in entries and not any(u != p and kind[u] == "page" for u in G.predecessors(p))]
    want_isolated = [p for p in pages if not any(u != p for u in G.predecessors(p)) and not any(v != p for v in G.successors(p))]
    if sorted(o["report"]["orphans"]) != sorted(want_orphans):
        errors.append(f"orphans: wikigraph {sorted(o['report']['orphans'])[:10]} networkx {sorted(want_orphans)[:10]}")
    if sorted(o["report"]["isolated"]) != sorted(want_isolated):
        errors.append(f"isolated: wikigraph {o['report']['isolated'][:10]} networkx {want_isolated[:10]}")
    for m in o["report"]["missing"]:
        preds = {u for u, _ in G.in_edges(m["id"])}
        if m["pages"] != len(preds):
            errors.append(f"missing {m['id']}: {m['pages']} referring pages, networkx {len(preds)}")

    s = cases["stats"]
    comps = list(nx.weakly_connected_components(G))
    if s["components"] != len(comps) or s["largest_component"] != max(map(len, comps), default=0):
        errors.append(f"components: wikigraph {s['components']}/{s['largest_component']}, networkx {len(comps)}/{max(map(len, comps), default=0)}")
    pr = pagerank(G)
    for h in s["hubs"]:
        if abs(pr[h["id"]] - h["pagerank"]) > 1e-4:
            errors.append(f"pagerank {h['id']}: wikigraph {h['pagerank']:.6f}, networkx {pr[h['id']]:.6f}")
        if G.in_degree(h["id"]) != h["in_degree"]:
            errors.append(f"in_degree {h['id']}: wikigraph {h['in_degree']}, networkx {G.in_degree(h['id'])}")
    top = sorted(pr.items(), key=lambda kv: (-kv[1], kv[0]))[: len(s["hubs"])]
    if [h["id"] for h in s["hubs"]] != [k for k, _ in top]:
        close = all(abs(pr[h["id"]] - v) < 1e-4 for h, (_, v) in zip(s["hubs"], top))
        if not close:
            errors.append(f"hubs: wikigraph {[h['id'] for h in s['hubs']]}, networkx {[k for k, _ in top]}")

    for e in errors:
        print(e)
    print(f"{len(cases['reach'])} reach, {len(cases['path'])} path cases; {len(errors)} disagreement(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()

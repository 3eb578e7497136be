"""Load wikigraph's GraphML with networkx and igraph and compare it with graph.json.

usage: graphml_check.py GRAPHML GRAPH_JSON [--yed]

Checks, for both libraries: the node and edge counts; every node's attributes
(Neo4j labels, wiki_id, label, kind, type, path, aliases/tags/sources/attachments
joined with "; ", last_updated, prop_* properties) and every edge's endpoints and attributes
(Neo4j type, relation, label, kind, note, file, line, count, key), node i of graph.json
being GraphML node "n{i}" and link j edge "e{j}". igraph reads numbers as
doubles and absent strings as "". Any warning either library gives is an
error. With --yed, the attributes yEd graphics add (networkx: x, y,
shape_type; igraph: one per graphics key) are allowed. Prints every
disagreement and exits 1 if there is one.
"""
import json
import re
import sys
import warnings

import igraph
import networkx as nx

SEP = "; "


def xml_safe(s):
    """What XML 1.0 can hold: wikigraph drops the other characters."""
    return "".join(
        c for c in s
        if not ((ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F or c in "\ufffe\uffff")
    )


def words(s):
    """Runs of letters and digits."""
    return re.findall(r"[^\W_]+", s)


def neo4j_labels(n):
    """":Page:Entity": the kind, then the page type in CamelCase."""
    kind = n["kind"].capitalize()
    labels = ":" + kind
    t = "".join(w[0].upper() + w[1:] for w in words(n.get("type") or ""))
    if t and t != kind:
        labels += ":" + t
    return labels


def neo4j_type(relation):
    """flows_to -> FLOWS_TO: words upper-cased, joined with "_"."""
    return "_".join(w.upper() for w in words(relation)) or "RELATED"


def expected_nodes(data):
    out = []
    for n in data["nodes"]:
        e = {"wiki_id": n["id"], "label": n["label"], "kind": n["kind"], "labels": neo4j_labels(n)}
        if n.get("type") is not None:
            e["type"] = n["type"]
        if n["kind"] == "page":
            e["path"] = n["path"]
            # graph.json leaves `attachments` out when a page has none.
            for k in ("aliases", "tags", "sources", "attachments"):
                if n.get(k):
                    e[k] = SEP.join(n[k])
            if n["last_updated"] is not None:
                e["last_updated"] = n["last_updated"]
            for k, v in n["properties"].items():
                e["prop_" + k] = v
        out.append({k: xml_safe(v) for k, v in e.items()})
    return out


def expected_links(data):
    index = {n["id"]: i for i, n in enumerate(data["nodes"])}
    out = []
    for l in data["links"]:
        e = {
            "neo4j_type": neo4j_type(l["relation"]),
            "relation": xml_safe(l["relation"]),
            "label": xml_safe(l["label"]),
            "kind": l["kind"],
            "file": xml_safe(l["file"]),
            "line": l["line"],
            "count": l["count"],
            "key": l["key"],
        }
        if l["note"] is not None:
            e["note"] = xml_safe(l["note"])
        out.append((index[l["source"]], index[l["target"]], e))
    return out


def check_networkx(path, nodes, links, errors):
    G = nx.read_graphml(path)
    if not isinstance(G, nx.MultiDiGraph):
        errors.append(f"networkx: read a {type(G).__name__}, expected a MultiDiGraph")
    if G.number_of_nodes() != len(nodes):
        errors.append(f"networkx: {G.number_of_nodes()} nodes, graph.json has {len(nodes)}")
    if G.number_of_edges() != len(links):
        errors.append(f"networkx: {G.number_of_edges()} edges, graph.json has {len(links)}")
    for i, want in enumerate(nodes):
        got = G.nodes.get(f"n{i}")
        if got is None:
            errors.append(f"networkx: no node n{i}")
            continue
        for k, v in want.items():
            if got.get(k) != v:
                errors.append(f"networkx: node n{i} {k} = {got.get(k)!r}, expected {v!r}")
    for j, (s, t, want) in enumerate(links):
        try:
            got = G.edges[f"n{s}", f"n{t}", f"e{j}"]
        except KeyError:
            errors.append(f"networkx: no edge e{j} from n{s} to n{t}")
            continue
        for k, v in want.items():
            if got.get(k) != v:
                errors.append(f"networkx: edge e{j} {k} = {got.get(k)!r}, expected {v!r}")


YED_KEYS = {"ng", "eg", "nodegraphics", "edgegraphics"}


def check_igraph(path, nodes, links, errors, yed):
    g = igraph.Graph.Read_GraphML(path)
    if not g.is_directed():
        errors.append("igraph: the graph is not directed")
    if g.vcount() != len(nodes):
        errors.append(f"igraph: {g.vcount()} vertices, graph.json has {len(nodes)}")
    if g.ecount() != len(links):
        errors.append(f"igraph: {g.ecount()} edges, graph.json has {len(links)}")
    vattrs = set(g.vs.attributes()) - (YED_KEYS if yed else set())
    for i, want in enumerate(nodes[: g.vcount()]):
        v = g.vs[i]
        if v["id"] != f"n{i}":
            errors.append(f"igraph: vertex {i} has id {v['id']!r}")
        for k in vattrs - {"id"}:
            expected = want.get(k, "")
            if v[k] != expected:
                errors.append(f"igraph: vertex {i} {k} = {v[k]!r}, expected {expected!r}")
    eattrs = set(g.es.attributes()) - (YED_KEYS if yed else set())
    for j, (s, t, want) in enumerate(links[: g.ecount()]):
        e = g.es[j]
        if (e.source, e.target) != (s, t):
            errors.append(f"igraph: edge {j} is {e.source}->{e.target}, expected {s}->{t}")
        for k in eattrs - {"id"}:
            expected = want.get(k, "")
            got = e[k]
            if isinstance(expected, int):
                # igraph reads GraphML int as a double.
                ok = isinstance(got, float) and got == float(expected)
            else:
                ok = got == expected
            if not ok:
                errors.append(f"igraph: edge {j} {k} = {got!r}, expected {expected!r}")
    missing = {k for w in nodes for k in w} - vattrs
    if missing:
        errors.append(f"igraph: vertex attributes missing: {sorted(missing)}")


def main():
    path, graph_json = sys.argv[1], sys.argv[2]
    yed = "--yed" in sys.argv[3:]
    data = json.load(open(graph_json, encoding="utf-8"))
    nodes, links = expected_nodes(data), expected_links(data)
    errors = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_networkx(path, nodes, links, errors)
        check_igraph(path, nodes, links, errors, yed)
    errors.extend(f"warning: {w.category.__name__}: {w.message}" for w in caught)
    for e in errors[:50]:
        print(e)
    if len(errors) > 50:
        print(f"... and {len(errors) - 50} more")
    if errors:
        sys.exit(1)
    print(f"ok: {len(nodes)} nodes, {len(links)} edges in networkx and igraph")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The plain Python pipeline users have today, for comparison with wikigraph.

    python3 benches/python_pipeline.py WIKI_DIR OUT.graphml

Walks every *.md under WIKI_DIR, reads its frontmatter with
python-frontmatter, finds [[wikilinks]] in the body with a regex, resolves
each target by file stem (case-insensitive; otherwise a "missing" node),
builds a networkx MultiDiGraph and writes it as GraphML. Needs
`pip install python-frontmatter networkx`.
"""
import re
import sys
from pathlib import Path

import frontmatter
import networkx as nx

WIKILINK = re.compile(r"\[\[([^\]|#]+)")


def main():
    wiki, out = Path(sys.argv[1]), sys.argv[2]

    pages = {}
    for path in sorted(wiki.rglob("*.md")):
        try:
            post = frontmatter.load(path)
        except Exception as e:  # bad YAML: keep the page, without metadata
            print(f"{path}: {e}", file=sys.stderr)
            post = frontmatter.Post(path.read_text(encoding="utf-8", errors="replace"))
        pages[path.relative_to(wiki).with_suffix("").as_posix()] = (path, post)

    by_stem = {}
    for node, (path, _) in pages.items():
        by_stem.setdefault(path.stem.lower(), node)

    G = nx.MultiDiGraph()
    for node, (path, post) in pages.items():
        G.add_node(
            node,
            title=str(post.get("title") or path.stem),
            type=str(post.get("type") or ""),
            path=path.relative_to(wiki).as_posix(),
        )

    for node, (_, post) in pages.items():
        for m in WIKILINK.finditer(post.content):
            target = m.group(1).strip()
            stem = target.rsplit("/", 1)[-1]
            if stem.lower().endswith(".md"):
                stem = stem[:-3]
            dst = by_stem.get(stem.lower())
            if dst is None:
                dst = "missing:" + target
                if dst not in G:
                    G.add_node(dst, title=target, type="missing", path="")
            G.add_edge(node, dst)

    nx.write_graphml(G, out)
    print(f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges", file=sys.stderr)


if __name__ == "__main__":
    main()

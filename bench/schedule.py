"""Benchmark: how long a build's dbt nodes take on two threads in dbt's order and in syncctl's.

    python bench/schedule.py bench/out/400000/target [--threads 2]

Reads run_results.json and manifest.json of a build (the target folder `bench/run.py` leaves) and
replays its nodes, each taking the time it took in that build, on `--threads` threads: a node starts
once its parents and the data tests its parents wait for (as `dbt build` orders them) are done, and
among the ready nodes the one the order puts first starts. Prints one row per order:

- `dbt`: the node's depth in the DAG, ties by name (dbt's own order);
- `longest_chain`: the longest chain of nodes the node holds up (syncctl.dbt.longest_chain_first);
- the critical path: the longest chain of node times, which no order can beat.

The `dbt` row next to the build's measured `elapsed_s` shows how close the replay is to the build.
"""

from __future__ import annotations

import argparse
import heapq
import json
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))
sys.path.insert(0, str(REPO_ROOT))

from run import print_table  # noqa: E402

from syncctl.dbt import _longest_chain_scores  # noqa: E402


def build_graph(target: Path) -> tuple[nx.DiGraph, dict[str, float], float]:
    """The nodes the build ran, with dbt build's edges, each node's seconds, and the build's elapsed time."""
    results = json.loads((target / "run_results.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    seconds = {result["unique_id"]: result["execution_time"] for result in results["results"]}
    graph = nx.DiGraph()
    graph.add_nodes_from(seconds)
    for unique_id in seconds:
        for parent in manifest["nodes"].get(unique_id, {}).get("depends_on", {}).get("nodes", []):
            if parent in seconds:
                graph.add_edge(parent, unique_id)
    # dbt build: a node waits for a data test when every node the test reads is among its ancestors
    ancestors = {unique_id: nx.ancestors(graph, unique_id) for unique_id in seconds}
    for test in [unique_id for unique_id in seconds if unique_id.startswith("test.")]:
        tested = set(graph.predecessors(test))
        for unique_id in seconds:
            if tested and not unique_id.startswith("test.") and tested <= ancestors[unique_id]:
                graph.add_edge(test, unique_id)
    return graph, seconds, float(results["elapsed_time"])


def dbt_scores(graph: nx.DiGraph) -> dict[str, int]:
    return {node: depth for depth, nodes in enumerate(nx.topological_generations(graph)) for node in nodes}


def replay(graph: nx.DiGraph, seconds: dict[str, float], scores: dict[str, int], threads: int) -> float:
    """The time the nodes take on `threads` threads when the ready node with the lowest score starts first."""
    waiting = {node: graph.in_degree(node) for node in graph}
    ready = [(scores[node], node) for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    running: list[tuple[float, str]] = []
    now, finished = 0.0, 0
    while finished < len(waiting):
        while ready and len(running) < threads:
            _, node = heapq.heappop(ready)
            heapq.heappush(running, (now + seconds[node], node))
        now, node = heapq.heappop(running)
        finished += 1
        for child in graph.successors(node):
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(ready, (scores[child], child))
    return now


def critical_path(graph: nx.DiGraph, seconds: dict[str, float]) -> float:
    longest: dict[str, float] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        longest[node] = seconds[node] + max((longest[child] for child in graph.successors(node)), default=0.0)
    return max(longest.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path, help="a build's dbt target folder")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    graph, seconds, elapsed = build_graph(args.target)
    orders: dict[str, Callable[[nx.DiGraph], dict[str, int]]] = {
        "dbt": dbt_scores,
        "longest_chain": lambda graph: _longest_chain_scores(None, graph),
    }
    rows = [
        {
            "order": name,
            "nodes": graph.number_of_nodes(),
            "replayed_s": round(replay(graph, seconds, order(graph), args.threads), 2),
            "critical_path_s": round(critical_path(graph, seconds), 2),
            "elapsed_s": round(elapsed, 2),
        }
        for name, order in orders.items()
    ]
    print_table(rows)


if __name__ == "__main__":
    main()

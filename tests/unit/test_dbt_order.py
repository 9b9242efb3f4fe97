"""The order in which dbt starts ready nodes during syncctl's invocations (syncctl.dbt.longest_chain_first)."""

from __future__ import annotations

import networkx as nx
from dbt.graph.queue import GraphQueue

from syncctl.dbt import _longest_chain_scores, longest_chain_first


def test_the_node_that_holds_up_the_longest_chain_starts_first():
    # after `cleansed`, a leaf (`rejects`) and the head of a long chain (`changed`) are both ready;
    # dbt's own order (depth, then name) would start `rejects` first
    graph = nx.DiGraph(
        [
            ("cleansed", "rejects"),
            ("cleansed", "changed"),
            ("changed", "keys"),
            ("keys", "pairs"),
            ("rejects", "test_rejects"),
        ]
    )

    scores = _longest_chain_scores(None, graph)

    assert scores["changed"] < scores["rejects"]
    assert scores["cleansed"] < scores["changed"] < scores["keys"] < scores["pairs"]
    assert scores["rejects"] < scores["test_rejects"]
    dbt_scores = GraphQueue._get_scores(GraphQueue, graph)  # dbt's own: the same depth, so by name
    assert dbt_scores["rejects"] == dbt_scores["changed"]


def test_dbt_order_is_changed_only_inside_the_block():
    original = GraphQueue._get_scores

    with longest_chain_first():
        assert GraphQueue._get_scores is _longest_chain_scores

    assert GraphQueue._get_scores is original

{#-
    Connected components of an undirected graph, as a select of (node_id, component_id) where
    component_id is the smallest node id in the component, so the result does not depend on row order.

    nodes: a relation (or CTE name) with a column `node_id`; edges: one with `node_a`, `node_b`.
    Every node appears in the output, linked or not.
-#}
{% macro connected_components(nodes, edges) -%}
    {{ return(adapter.dispatch('connected_components', 'syncctl')(nodes, edges)) }}
{%- endmacro %}

{% macro default__connected_components(nodes, edges) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: connected_components is not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{#-
    DuckDB: label propagation in a recursive CTE with USING KEY, so each round only carries the nodes
    whose label got smaller. The rounds work on numbers instead of the text ids: each node gets a number
    (in any order), and only linked nodes take part. The component id is the smallest node id among
    the component's nodes afterwards, so it does not depend on the numbering. About 2.2 s for 1,000,000
    records on 2 cores (6 s on the text ids; 2.6 s when the rounds started from each node's own number).
-#}
{% macro duckdb__connected_components(nodes, edges) -%}
    with recursive

    numbered as (
        select node_id, row_number() over () as node_number from {{ nodes }}
    ),

    numbered_edges as (
        select numbered_a.node_number as node_a, numbered_b.node_number as node_b
        from {{ edges }} as edges
        inner join numbered as numbered_a on edges.node_a = numbered_a.node_id
        inner join numbered as numbered_b on edges.node_b = numbered_b.node_id
        where edges.node_a <> edges.node_b
    ),

    {#- both directions; a duplicate edge only repeats a link, so no distinct is needed -#}
    links as (
        select node_a, node_b from numbered_edges
        union all
        select node_b, node_a from numbered_edges
    ),

    {#- the first labels are already the first round: each node's smallest number among itself and its neighbours -#}
    labels(node_number, component_number) using key (node_number) as (
        select node_a, least(node_a, min(node_b)) from links group by node_a

        union

        select candidates.node_number, candidates.component_number
        from (
            select links.node_b as node_number, min(labels.component_number) as component_number
            from labels
            inner join links on links.node_a = labels.node_number
            group by links.node_b
        ) as candidates
        inner join recurring.labels as current_label on current_label.node_number = candidates.node_number
        where candidates.component_number < current_label.component_number
    ),

    labelled as (
        select numbered.node_id, labels.component_number
        from numbered
        left join labels on numbered.node_number = labels.node_number
    ),

    components as (
        select component_number, min(node_id) as component_id
        from labelled
        where component_number is not null
        group by component_number
    )

    select labelled.node_id, coalesce(components.component_id, labelled.node_id) as component_id
    from labelled
    left join components on labelled.component_number = components.component_number
{%- endmacro %}

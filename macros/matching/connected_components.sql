{#-
    Connected components of an undirected graph, as a select of (node_id, component_id) where
    component_id is the smallest node id in the component, so the result does not depend on row order.

    nodes: a relation (or CTE name) with a number column `node_id`; edges: one with `node_a`, `node_b`,
    both among the nodes. Every node appears in the output, linked or not.
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
    whose label got smaller. On numbers: the same rounds on text ids took 6 s for 1,000,000 records on
    2 cores instead of about 2 s.
-#}
{% macro duckdb__connected_components(nodes, edges) -%}
    with recursive

    {# both directions; a duplicate edge only repeats a link, so no distinct is needed #}
    links as (
        select node_a, node_b from {{ edges }} where node_a <> node_b
        union all
        select node_b, node_a from {{ edges }} where node_a <> node_b
    ),

    {#- the first labels are already the first round: each node's smallest number among itself and its
        neighbours; each further round passes the labels that got smaller on to the neighbours -#}
    labels(node_id, component_id) using key (node_id) as (
        select node_a, least(node_a, min(node_b)) from links group by node_a

        union

        select candidates.node_id, candidates.component_id
        from (
            select links.node_b as node_id, min(labels.component_id) as component_id
            from labels
            inner join links on links.node_a = labels.node_id
            group by links.node_b
        ) as candidates
        inner join recurring.labels as current_label on current_label.node_id = candidates.node_id
        where candidates.component_id < current_label.component_id
    )

    select nodes.node_id, coalesce(labels.component_id, nodes.node_id) as component_id
    from {{ nodes }} as nodes
    left join labels on nodes.node_id = labels.node_id
{%- endmacro %}

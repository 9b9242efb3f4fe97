{#-
    The survivorship key of one rule, for arg_min: the rule's `rank` (a number, smaller wins) first, then
    the `recency_key` as the tie-break. Computed once per record, as a byte string that sorts like the
    pair, so the aggregates that use it compare bytes instead of building a key per row and field.
-#}
{% macro rank_key(rank, recency_key) -%}
    {{ return(adapter.dispatch('rank_key', 'syncctl')(rank, recency_key)) }}
{%- endmacro %}

{% macro default__rank_key(rank, recency_key) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: rank_key needs a sortable composite key, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__rank_key(rank, recency_key) -%}
    create_sort_key(struct_pack(rank := {{ rank }}, recency := {{ recency_key }}), 'ASC NULLS LAST')
{%- endmacro %}

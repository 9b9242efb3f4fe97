{#-
    The survivorship key of one rule, for arg_min: the rule's `rank` (a small number, smaller wins) first,
    then the `recency_key` (the record's place in recency order) as the tie-break, packed into one
    integer: rank * 2^32 + recency. Computed once per record, so the aggregates compare integers instead
    of building a key per row and field.
-#}
{% macro rank_key(rank, recency_key) -%}
    cast({{ rank }} as bigint) * 4294967296 + {{ recency_key }}
{%- endmacro %}

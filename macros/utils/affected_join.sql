{#-
    affected_only as a join, for a table that holds only what a build recomputes: an inner join of the
    affected relation (unique on `affected_column`) on `column`, on every build but a full refresh.
    Where the input is large and joined again before the filter would apply, DuckDB plans the join
    with the few affected rows first and an IN filter last (int_match_pairs_blocked: 0.57 -> 0.25 s
    in a 1% build at 1,000,000 records).
-#}
{% macro affected_join(column, affected, affected_column) -%}
    {%- if not flags.FULL_REFRESH %}
    inner join {{ affected }} as affected
        on {{ column }} = affected.{{ affected_column }}
    {%- endif %}
{%- endmacro %}

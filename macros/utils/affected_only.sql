{#-
    The input filter of a model that recomputes a set of keys: only rows whose column is in the affected
    relation (`keyword` is where or and, to fit the query). An incremental model filters when it adds to
    its table (delete_affected is the matching pre_hook); a table that holds only what a build recomputes
    (`recomputed_table=true`) filters on every build but a full refresh. Nothing on a full build, where
    everything is affected.
-#}
{% macro affected_only(column, affected, keyword='where', affected_column=none, recomputed_table=false) -%}
    {%- set recomputes_a_part = (not flags.FULL_REFRESH) if recomputed_table else is_incremental() -%}
    {%- if recomputes_a_part %}
    {{ keyword }} {{ column }} in (select {{ affected_column or column }} from {{ affected }})
    {%- endif %}
{%- endmacro %}

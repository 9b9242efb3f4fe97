{#-
    The input filter of an incremental model that recomputes a set of keys: on an incremental build, only
    rows whose column is in the affected relation (`keyword` is where or and, to fit the query). Nothing on
    a full build. delete_affected is the matching pre_hook.
-#}
{% macro affected_only(column, affected, keyword='where', affected_column=none) -%}
    {%- if is_incremental() %}
    {{ keyword }} {{ column }} in (select {{ affected_column or column }} from {{ affected }})
    {%- endif %}
{%- endmacro %}

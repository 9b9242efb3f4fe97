{#-
    The filter of a row-local incremental model: on an incremental build, only the rows whose `key` this
    model has not processed yet (`keyword` is where or and, to fit the query). Nothing on a full build.
-#}
{% macro new_rows_only(key='landed_row_id', keyword='where') -%}
    {%- if is_incremental() %}
    {{ keyword }} {{ key }} not in (select {{ key }} from {{ this }})
    {%- endif %}
{%- endmacro %}

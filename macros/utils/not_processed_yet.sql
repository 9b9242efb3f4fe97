{#-
    The filter of a row-by-row incremental model: on an incremental build, only the rows whose key
    (`outer_key`, qualified by its relation) this model does not hold yet, e.g. a re-sent record whose
    version it already cleansed is skipped. Nothing on a full build. `keyword` is where or and.
-#}
{% macro not_processed_yet(outer_key, key='landed_row_id', keyword='and') -%}
    {%- if is_incremental() %}
    {{ keyword }} not exists (select 1 from {{ this }} as processed where processed.{{ key }} = {{ outer_key }})
    {%- endif %}
{%- endmacro %}

{#-
    A select of the record_key of every source record this build touches (int_source_records_touched):
    the records of the batches landed since the last successful build; on a full build, every record.
-#}
{% macro touched_records() -%}
    select record_key from {{ ref('int_source_records_touched') }}
{%- endmacro %}

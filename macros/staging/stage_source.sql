{#-
    The staging select for one source: rename its raw columns onto the canonical schema using the
    `columns:` mapping of syncctl.yml (compiled and checked by syncctl), trim text and turn empty strings
    into null. Every column stays text: the cleansing layer converts types and reports the values that
    do not convert. No joins, no dedupe. Canonical columns a source does not map are null.
    `is_delete_marker` is the source's `delete_when` condition (incremental extracts), and `record_hash`
    the change detector over the row's source columns: a re-sent unchanged row has the same hash.
-#}
{% macro stage_source(source_name) -%}
    {%- set settings = syncctl_settings() -%}
    {%- if source_name not in settings.sources -%}
        {{ exceptions.raise_compiler_error(
            "models/staging/" ~ source_name ~ " exists but syncctl.yml has no source '" ~ source_name
            ~ "': add it to syncctl.yml or delete that folder") }}
    {%- endif -%}
    {%- set mapping = settings.sources[source_name] -%}
with

source as (

    select * from {{ source(source_name, 'customers') }}

),

mapped as (

    select
        {{ landed_row_id('_batch_id', '_row_number') }} as landed_row_id,
        {{ dbt.string_literal(source_name) }} as source,
        {{ mapping.priority }} as source_priority,
        {{ clean_text(mapping.primary_key) }} as source_record_id,
        {%- for column in settings.canonical_columns %}
        {{ clean_text(mapping.columns[column]) if column in mapping.columns else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as {{ column }},
        {%- endfor %}
        {%- if mapping.delete_when %}
        coalesce(cast(({{ mapping.delete_when }}) as boolean), false) as is_delete_marker,
        {%- else %}
        false as is_delete_marker,
        {%- endif %}
        {{ source_row_hash() }} as record_hash,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number,
        _loaded_at as loaded_at

    from source

)

select * from mapped
{%- endmacro %}

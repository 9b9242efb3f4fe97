{#-
    A hash of a landed row's source columns (not syncctl's landing metadata): the change detector.
    The same row sent again has the same hash, so it is recognised as no change. DuckDB: its 64-bit
    hash() over every column, which costs about 0.05 s per million rows.
-#}
{% macro source_row_hash() -%}
    {{ return(adapter.dispatch('source_row_hash', 'syncctl')()) }}
{%- endmacro %}

{% macro default__source_row_hash() -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: source_row_hash is not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__source_row_hash() -%}
    hash(*columns(* exclude (_batch_id, _source_file, _row_number, _loaded_at)))
{%- endmacro %}

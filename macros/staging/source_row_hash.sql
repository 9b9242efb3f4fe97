{#-
    A hash of a landed row's source columns (not syncctl's landing metadata): the change detector.
    The same row sent again has the same hash, so it is recognised as no change. DuckDB: the 128-bit md5
    of the row as JSON (which tells null from "null" and keeps column boundaries), about 4 us a row, so
    only int_landed_rows_keyed reads it, once per landed row. Not DuckDB's hash(): a collision would
    lose a change, and hash() is built for hash tables, not as an identity (similar short texts collide).
-#}
{% macro source_row_hash() -%}
    {{ return(adapter.dispatch('source_row_hash', 'syncctl')()) }}
{%- endmacro %}

{% macro default__source_row_hash() -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: source_row_hash is not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__source_row_hash() -%}
    md5_number(to_json(struct_pack(*columns(* exclude (_batch_id, _source_file, _row_number, _loaded_at)))))
{%- endmacro %}

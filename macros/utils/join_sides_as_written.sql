{#-
    A pre_hook (on=true) and post_hook (on=false) for a model whose row estimates are far off: the
    engine builds each hash join on the side the SQL puts on the right, as written, instead of the side
    it estimates smaller. int_source_records_cleansed uses it on full builds: DuckDB estimates the
    standardized records at a few thousand rows (the two-column joins of version_values), so it built
    the phone lookup on the million wide records instead of the half million parsed numbers (the model
    7.2 -> 5.5 s at 1,000,000 records). The setting is global in DuckDB: queries that run at the same
    time on dbt's other thread plan their joins as written too, which changes their speed, not their
    result.
-#}
{% macro join_sides_as_written(on=true) -%}
    {{ return(adapter.dispatch('join_sides_as_written', 'syncctl')(on)) }}
{%- endmacro %}

{% macro default__join_sides_as_written(on) -%}
{%- endmacro %}

{% macro duckdb__join_sides_as_written(on) -%}
    {%- if on -%}
    set disabled_optimizers = 'build_side_probe_side'
    {%- else -%}
    reset disabled_optimizers
    {%- endif -%}
{%- endmacro %}

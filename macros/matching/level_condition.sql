{#-
    The SQL condition of one comparison level: "exact", "jaro_winkler >= 0.92", "jaccard >= 0.8",
    "levenshtein <= 1" or "damerau_levenshtein <= 1" between two (non-null) values.
-#}
{% macro level_condition(level, left, right) -%}
    {{ return(adapter.dispatch('level_condition', 'syncctl')(level, left, right)) }}
{%- endmacro %}

{% macro default__level_condition(level, left, right) -%}
    {%- if level == 'exact' -%}
        {{ left }} = {{ right }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "syncctl: the comparison level '" ~ level ~ "' is not implemented for the " ~ target.type ~ " adapter") }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__level_condition(level, left, right) -%}
    {%- set parts = level.split(' ') -%}
    {%- set left_text = 'cast(' ~ left ~ ' as varchar)' -%}
    {%- set right_text = 'cast(' ~ right ~ ' as varchar)' -%}
    {%- if level == 'exact' -%}
        {{ left }} = {{ right }}
    {%- elif parts[0] == 'jaro_winkler' -%}
        jaro_winkler_similarity({{ left_text }}, {{ right_text }}) {{ parts[1] }} {{ parts[2] }}
    {%- elif parts[0] == 'jaccard' -%}
        jaccard({{ left_text }}, {{ right_text }}) {{ parts[1] }} {{ parts[2] }}
    {%- elif parts[0] == 'levenshtein' -%}
        levenshtein({{ left_text }}, {{ right_text }}) {{ parts[1] }} {{ parts[2] }}
    {%- elif parts[0] == 'damerau_levenshtein' -%}
        damerau_levenshtein({{ left_text }}, {{ right_text }}) {{ parts[1] }} {{ parts[2] }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("syncctl: unknown comparison level '" ~ level ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{#-
    A hash of several columns that tells null from empty and ('a', 'bc') from ('ab', 'c'): the change
    detector for a row's values.
-#}
{% macro row_hash(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(replace(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '|', '\\|'), '\\N')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

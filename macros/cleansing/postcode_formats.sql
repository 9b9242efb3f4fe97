{#-
    The postcode formats of seeds/postcode_formats.csv as a dict: country -> its regular expressions.
    Read when a model compiles (an introspective query), so the patterns are written into the SQL as
    constants: DuckDB compiles a pattern that comes from a column again for every row (about 10 us).
    Before the seed is loaded (`dbt compile` on a new database) there are no formats. Unit tests
    override this macro with the formats they need.
-#}
{% macro postcode_formats() -%}
    {%- set seed = ref('postcode_formats') -%}  {#- outside the `if`: parsing records the dependency #}
    {%- set formats = {} -%}
    {%- if execute and load_relation(seed) is not none -%}
        {%- for row in run_query("select country, pattern from " ~ seed ~ " order by country, pattern") -%}
            {%- do formats.setdefault(row[0], []).append(row[1]) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(formats) }}
{%- endmacro %}

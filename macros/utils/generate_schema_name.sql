{#-
    Layers get plain schema names (staging, intermediate) instead of dbt's `<target>_<custom>`, so the
    marts land in the target schema (`main` by default) and can be queried without a prefix.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

{#- The settings syncctl passes from syncctl.yml (the var `syncctl`), or a clear error without them. -#}
{% macro syncctl_settings() -%}
    {%- set settings = var('syncctl', {}) -%}
    {%- if not settings.get('sources') -%}
        {{ exceptions.raise_compiler_error(
            "the var 'syncctl' is empty: run dbt through syncctl (`syncctl build`, or `syncctl dbt -- "
            ~ "<dbt args>`) so the sources and mapping from syncctl.yml are passed") }}
    {%- endif -%}
    {{ return(settings) }}
{%- endmacro %}

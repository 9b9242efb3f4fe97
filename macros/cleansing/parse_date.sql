{#-
    A date from text in ISO (2024-03-01), compact (20240301), an Excel serial day number (45352) or one
    of the source's `date_formats` from syncctl.yml (e.g. %d/%m/%Y). Null when nothing matches; compare
    with the input to tell a missing value from one that does not convert.
-#}
{% macro parse_date(column, formats) -%}
    {{ return(adapter.dispatch('parse_date', 'syncctl')(column, formats)) }}
{%- endmacro %}

{% macro default__parse_date(column, formats) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: parse_date needs strptime with a list of formats, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__parse_date(column, formats) -%}
    coalesce(
        cast(try_strptime({{ column }}, [{% for format in ['%Y-%m-%d', '%Y%m%d'] + formats %}'{{ format }}'{{ ", " if not loop.last }}{% endfor %}]) as date),
        case
            when regexp_full_match({{ column }}, '[1-9][0-9]{4}') and cast({{ column }} as integer) between 10000 and 60000
                then cast(date '1899-12-30' + cast({{ column }} as integer) as date)
        end
    )
{%- endmacro %}

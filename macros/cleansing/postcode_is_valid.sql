{#-
    Whether a postcode in its country's form (postcode_cleansed) fits one of the country's formats
    (postcode_formats, from seeds/postcode_formats.csv); null when the country has no format (no
    verdict). The patterns are constants in the SQL, each compiled once.
-#}
{% macro postcode_is_valid(column, country) -%}
    {{ return(adapter.dispatch('postcode_is_valid', 'syncctl')(column, country)) }}
{%- endmacro %}

{% macro default__postcode_is_valid(column, country) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: postcode_is_valid needs regexp_full_match, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__postcode_is_valid(column, country) -%}
    {%- set formats = postcode_formats() -%}
    {%- if formats -%}
    case {{ country }}
        {%- for code, patterns in formats.items() %}
        when '{{ code | replace("'", "''") }}' then
            {%- for pattern in patterns %} regexp_full_match({{ column }}, '{{ pattern | replace("'", "''") }}'){{ " or" if not loop.last }}{% endfor %}
        {%- endfor %}
    end
    {%- else -%}
    cast(null as boolean)
    {%- endif -%}
{%- endmacro %}

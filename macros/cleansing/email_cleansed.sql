{#-
    An email address in lower case if its syntax is valid, else null. Common addresses pass a SQL pattern;
    anything else (quoted local parts, international domains, or plain garbage) is checked by the
    email-validator library (no DNS lookups).
-#}
{% macro email_cleansed(column) -%}
    {{ return(adapter.dispatch('email_cleansed', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__email_cleansed(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: email_cleansed needs regexp_full_match and the email-validator UDF, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__email_cleansed(column) -%}
    case
        when regexp_full_match(lower({{ column }}), '[a-z0-9_%+\-]+(\.[a-z0-9_%+\-]+)*@[a-z0-9\-]+(\.[a-z0-9\-]+)*\.[a-z]{2,}')
            then lower({{ column }})
        when {{ column }} like '%@%'
            then syncctl_email_normalized({{ column }})
    end
{%- endmacro %}

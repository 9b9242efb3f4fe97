{#-
    The match form of an email: trimmed, lower case, and null unless it looks like local@domain.tld
    (one @, no spaces, a dot in the domain).
-#}
{% macro normalize_email(column) -%}
    {{ return(adapter.dispatch('normalize_email', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__normalize_email(column) -%}
    case
        when lower(trim({{ column }})) ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then lower(trim({{ column }}))
    end
{%- endmacro %}

{% macro duckdb__normalize_email(column) -%}
    case
        when regexp_full_match(lower(trim({{ column }})), '[^@\s]+@[^@\s]+\.[^@\s]+')
            then lower(trim({{ column }}))
    end
{%- endmacro %}

{#-
    Text as people meant it: Unicode NFKC (fullwidth letters, ligatures, non-breaking spaces become
    plain), control and zero-width characters removed, inner whitespace collapsed, trimmed, and the empty
    string as null. NFKC runs (in Python) only on values that are not plain ASCII, and values that are
    plain single-spaced ASCII (most of them) skip the rest. Staging has trimmed the value already.
-#}
{% macro standardize_text(column) -%}
    {{ return(adapter.dispatch('standardize_text', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__standardize_text(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: standardize_text needs Unicode NFKC, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__standardize_text(column) -%}
    {#- one cheap check first: most values are plain, single-spaced ASCII and pass through unchanged -#}
    case
        when not regexp_matches({{ column }}, '[\x00-\x1F\x7F]|\s\s|[^\x00-\x7F]') then nullif({{ column }}, '')
        else nullif(trim(regexp_replace(regexp_replace(
            case when strlen({{ column }}) <> length({{ column }}) then syncctl_nfkc({{ column }}) else {{ column }} end,
            '[\x00-\x08\x0E-\x1F\x7F\x{200B}-\x{200D}\x{2060}\x{FEFF}]', '', 'g'),
            '\s+', ' ', 'g')), '')
    end
{%- endmacro %}

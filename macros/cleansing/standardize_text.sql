{#-
    Text as people meant it: Unicode NFKC (fullwidth letters, ligatures, non-breaking spaces become
    plain), control and zero-width characters removed, inner whitespace collapsed, trimmed, and the empty
    string as null. Values that are single-spaced printable ASCII or Latin letters that NFKC leaves as
    they are (À-ÿ, Ł, ő, ž, ...; most values, accented names included) pass through unchanged; NFKC runs
    (in Python) only on the other values that are not plain ASCII. Staging has trimmed the value already.
-#}
{% macro standardize_text(column) -%}
    {{ return(adapter.dispatch('standardize_text', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__standardize_text(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: standardize_text needs Unicode NFKC, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__standardize_text(column) -%}
    {#- one cheap check first: most values pass through unchanged. The class is printable ASCII and the
        characters of U+00BF to U+024F that NFKC keeps (not the ligatures and digraphs Ĳ, Ŀ, ŉ, ſ, Ǆ-ǌ,
        Ǳ-ǳ); a value of only those, without two spaces in a row, is already in its standard form -#}
    case
        when regexp_full_match({{ column }}, '[\x20-\x7E\x{BF}-\x{131}\x{134}-\x{13E}\x{141}-\x{148}\x{14A}-\x{17E}\x{180}-\x{1C3}\x{1CD}-\x{1F0}\x{1F4}-\x{24F}]*')
            and not contains({{ column }}, '  ')
            then nullif({{ column }}, '')
        else nullif(trim(regexp_replace(regexp_replace(
            case when strlen({{ column }}) <> length({{ column }}) then syncctl_nfkc({{ column }}) else {{ column }} end,
            '[\x00-\x08\x0E-\x1F\x7F\x{200B}-\x{200D}\x{2060}\x{FEFF}]', '', 'g'),
            '\s+', ' ', 'g')), '')
    end
{%- endmacro %}

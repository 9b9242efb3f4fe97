{#-
    What a phone number is parsed from: its digits and a leading +, without an extension ("ext. 12",
    "x12", "#12"). "(212) 555-0147" and "212.555.0147" share one key, so each number is parsed once.
-#}
{% macro phone_lookup_key(column) -%}
    nullif(regexp_replace(regexp_replace(lower({{ column }}), '\s*(ext\.?|extension|x|#).*$', ''), '[^0-9+]', '', 'g'), '')
{%- endmacro %}

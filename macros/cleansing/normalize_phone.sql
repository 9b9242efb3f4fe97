{#-
    The match form of a phone number: its last 9 digits, which agree between national ("020 7946 0958")
    and international ("+44 20 7946 0958") writings of the same number. Null for fewer than 9 digits and
    for one digit repeated ("0000000000").
-#}
{% macro normalize_phone(column) -%}
    {%- set digits = "regexp_replace(" ~ column ~ ", '[^0-9]', '', 'g')" -%}
    case
        when length({{ digits }}) >= 9
            and length(replace({{ digits }}, left({{ digits }}, 1), '')) > 0
            then right({{ digits }}, 9)
    end
{%- endmacro %}

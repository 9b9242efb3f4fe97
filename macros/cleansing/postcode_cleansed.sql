{#-
    A postcode in its country's standard form: upper case, and
    - US: the 5-digit ZIP (ZIP+4 "62704-1234" -> "62704", a lost leading zero restored);
    - DE, FR, ES, IT: 5 digits, a lost leading zero restored ("1067" -> "01067");
    - GB, CA, IE: one space before the last 3 (GB, CA) or 4 (IE) characters ("sw1a1aa" -> "SW1A 1AA");
    - NL "1234 AB", SE "123 45", PL "12-345", PT "1234-567";
    - anything else: letters and digits only.
-#}
{% macro postcode_cleansed(column, country) -%}
    {%- set compact = "regexp_replace(upper(" ~ column ~ "), '[^A-Z0-9]', '', 'g')" -%}
    nullif(case {{ country }}
        when 'US' then lpad(left({{ compact }}, 5), 5, '0')
        when 'DE' then lpad({{ compact }}, 5, '0')
        when 'FR' then lpad({{ compact }}, 5, '0')
        when 'ES' then lpad({{ compact }}, 5, '0')
        when 'IT' then lpad({{ compact }}, 5, '0')
        when 'GB' then left({{ compact }}, length({{ compact }}) - 3) || ' ' || right({{ compact }}, 3)
        when 'CA' then left({{ compact }}, 3) || ' ' || right({{ compact }}, 3)
        when 'IE' then left({{ compact }}, 3) || ' ' || right({{ compact }}, 4)
        when 'NL' then left({{ compact }}, 4) || ' ' || right({{ compact }}, 2)
        when 'SE' then left({{ compact }}, 3) || ' ' || right({{ compact }}, 2)
        when 'PL' then left({{ compact }}, 2) || '-' || right({{ compact }}, 3)
        when 'PT' then left({{ compact }}, 4) || '-' || right({{ compact }}, 3)
        else {{ compact }}
    end, '')
{%- endmacro %}

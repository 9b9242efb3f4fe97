{#-
    Why two records may never be linked directly (matching.cannot_link in syncctl.yml), or null:
    different_date_of_birth / different_national_id when both are known and differ; different_first_name
    when both first names are known and unrelated: not equal (also after nickname resolution), not an
    initial of the other, not swapped with the last name, Jaro-Winkler below 0.85. Family members who
    share an inbox, a landline or an address stay apart this way.
-#}
{% macro cannot_link_reason(left, right, rules) -%}
    case
        {%- if 'date_of_birth' in rules %}
        when {{ left }}.date_of_birth <> {{ right }}.date_of_birth then 'different_date_of_birth'
        {%- endif %}
        {%- if 'national_id' in rules %}
        when {{ left }}.national_id <> {{ right }}.national_id then 'different_national_id'
        {%- endif %}
        {%- if 'first_name' in rules %}
        when {{ left }}.first_name_normalized <> {{ right }}.first_name_normalized
            and {{ left }}.first_name_resolved_normalized <> {{ right }}.first_name_resolved_normalized
            and not starts_with({{ left }}.first_name_normalized, {{ right }}.first_name_normalized)
            and not starts_with({{ right }}.first_name_normalized, {{ left }}.first_name_normalized)
            and {{ left }}.first_name_normalized is distinct from {{ right }}.last_name_normalized
            and {{ left }}.last_name_normalized is distinct from {{ right }}.first_name_normalized
            and jaro_winkler_similarity({{ left }}.first_name_normalized, {{ right }}.first_name_normalized) < 0.85
            then 'different_first_name'
        {%- endif %}
    end
{%- endmacro %}

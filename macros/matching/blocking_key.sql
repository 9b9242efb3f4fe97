{#-
    The blocking key of a rule: its columns (of `relation`, when given) cast to text with '|' between
    them. int_blocking_keys_extracted hashes it; int_blocking_keys_generated shows it again from the
    record, so both must put it together the same way.
-#}
{% macro blocking_key(columns, relation=none) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- set qualified = relation ~ '.' ~ column if relation else column -%}
        {%- do parts.append('cast(' ~ qualified ~ ' as ' ~ dbt.type_string() ~ ')') -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ return(dbt.concat(parts)) }}
{%- endmacro %}

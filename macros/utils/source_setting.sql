{#-
    A per-source setting of syncctl.yml as a SQL expression over the `source` column, e.g.
    source_setting('default_country') -> case source when 'sales' then 'US' ... end.
-#}
{% macro source_setting(setting, source_column='source') -%}
    cast(case {{ source_column }}
        {%- for name, source in syncctl_settings().sources.items() %}
        when '{{ name }}' then {{ "'" ~ source[setting] ~ "'" if source[setting] is not none else 'null' }}
        {%- endfor %}
    end as {{ dbt.type_string() }})
{%- endmacro %}

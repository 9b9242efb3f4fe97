{#- The id of the build in progress (syncctl_state.current_run), as a scalar subquery. -#}
{% macro current_run_id() -%}
    (select any_value(run_id) from {{ source('syncctl_state', 'current_run') }})
{%- endmacro %}

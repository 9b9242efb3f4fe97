{#-
    The pre_hook of int_blocking_key_groups, on an incremental build: drop the groups an earlier build left
    with no member. Nothing on a full build.
-#}
{% macro delete_empty_key_groups() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where key_group_size = 0
    {%- endif -%}
{%- endmacro %}

{#-
    The two halves of an incremental model that recomputes a set of keys (records or customers an
    incremental build affects, e.g. int_identities_affected):
    - delete_affected(column, affected): the pre_hook that deletes this model's rows for those keys;
    - affected_only(column, affected, keyword): the filter that keeps the model's input to those keys.
    Both do nothing on a full build, so the model computes everything.
-#}
{% macro delete_affected(column, affected, affected_column=none) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ column }} in (select {{ affected_column or column }} from {{ affected }})
    {%- endif -%}
{%- endmacro %}

{% macro affected_only(column, affected, keyword='where', affected_column=none) -%}
    {%- if is_incremental() %}
    {{ keyword }} {{ column }} in (select {{ affected_column or column }} from {{ affected }})
    {%- endif %}
{%- endmacro %}

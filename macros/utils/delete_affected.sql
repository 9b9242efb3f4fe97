{#-
    The pre_hook of an incremental model that recomputes a set of keys (records or customers an
    incremental build affects, e.g. int_identities_affected): delete this model's rows for those keys.
    Nothing on a full build. affected_only is the matching input filter. The model then inserts rows for
    those keys only, so it appends (incremental_strategy='append'): a delete by unique_key would scan
    the whole table again for nothing; its primary_key test still checks the key.
-#}
{% macro delete_affected(column, affected, affected_column=none) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ column }} in (select {{ affected_column or column }} from {{ affected }})
    {%- endif -%}
{%- endmacro %}

{#-
    The pre_hook of int_blocking_keys_extracted, on an incremental build: mark the keys of the versions
    the changed records left (int_source_records_changed) as not current, then drop the keys that are
    neither current nor the version the last successful build had (syncctl_state.build_xref, which is
    previous_landed_row_id for a changed record). Nothing on a full build.
-#}
{% macro retire_replaced_blocking_keys() -%}
    {%- if is_incremental() -%}
    {%- set changed = ref('int_source_records_changed') -%}
    update {{ this }}
    set is_current = false
    where is_current
        and source_record_key in (select source_record_key from {{ changed }})
        and landed_row_id not in (select landed_row_id from {{ changed }} where landed_row_id is not null);

    delete from {{ this }}
    where not is_current
        and landed_row_id not in (
            select previous_landed_row_id from {{ changed }} where previous_landed_row_id is not null
        )
    {%- endif -%}
{%- endmacro %}

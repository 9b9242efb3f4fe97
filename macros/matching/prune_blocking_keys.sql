{#-
    The pre_hook of int_blocking_keys_extracted: drop the keys of record versions that are neither
    current (accepted in int_source_records_validated) nor in the last successful build
    (syncctl_state.build_xref). Nothing on a full build.
-#}
{% macro prune_blocking_keys() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where landed_row_id not in (
        select landed_row_id from {{ ref('int_source_records_validated') }} where reject_reason is null
    )
    and landed_row_id not in (
        select landed_row_id from {{ source('syncctl_state', 'build_xref') }} where landed_row_id is not null
    )
    {%- endif -%}
{%- endmacro %}

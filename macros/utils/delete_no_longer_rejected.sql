{#-
    The post_hook of customer_rejects: on an incremental build, delete the rejected rows of the records
    this build touched that are not rejected any more (a newer version passed, or replaced them).
    Nothing on a full build.
-#}
{% macro delete_no_longer_rejected() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where record_key in ({{ touched_records() }})
        and landed_row_id not in (
            select landed_row_id from {{ ref('int_source_records_validated') }}
            where reject_reason is not null
                and record_key in ({{ touched_records() }})
        )
    {%- endif -%}
{%- endmacro %}

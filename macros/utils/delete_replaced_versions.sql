{#-
    The post_hook of a row-by-row incremental model keyed by landed_row_id: on an incremental build,
    delete the rows of the records this build touched that are no longer their current version (a newer
    version replaced them, or the record was deleted upstream). Nothing on a full build.
-#}
{% macro delete_replaced_versions() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where record_key in ({{ touched_records() }})
        and landed_row_id not in (
            select landed_row_id from {{ ref('int_source_record_versions') }}
            where record_key in ({{ touched_records() }})
                and not is_deleted
        )
    {%- endif -%}
{%- endmacro %}

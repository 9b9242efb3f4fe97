{#-
    One row per source record this build touches: the records of the batches landed since the last
    successful build (syncctl_state.current_run), and every record of a full extract whose new snapshot
    is among them, since any record missing from it is deleted. On a full build, every record. The models
    after int_source_record_versions work on these records only; a build that failed is caught up by the
    next one, which touches its batches again.
-#}

with

landed_rows as (

    select * from {{ ref('int_landed_rows_keyed') }}

),

current_run as (

    select * from {{ source('syncctl_state', 'current_run') }}

),

new_batches as (

    select source, batch_id from {{ source('syncctl_state', 'landed_files') }}
    {%- if not flags.FULL_REFRESH %}
    where batch_id > (select coalesce(any_value(last_built_batch_id), 0) from current_run)
    {%- endif %}

),

final as (

    select record_key from landed_rows
    where batch_id in (select batch_id from new_batches)

    union

    select record_key from landed_rows
    where source in (select source from new_batches)
        and {{ source_setting('extract') }} = 'full'

)

select * from final

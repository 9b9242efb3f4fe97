{{
    config(
        materialized='incremental',
        unique_key='id_change_id',
        incremental_strategy='delete+insert',
        full_refresh=false,
    )
}}

{#-
    One row per customer id change, appended by every build: old_id -> new_id with the event.
    - merge: the old id is gone and its records now belong to new_id (the oldest id survived), or part
      of a customer moved into another existing customer;
    - split: some records of old_id now form a new customer new_id (old_id kept the oldest member);
    - delete: the old id is gone and none of its records belongs to any customer.
    Compared with the assignment after the previous successful build (syncctl_state.build_xref), so a
    build that is re-run after a failure records each change once. Never rebuilt by --full-refresh.
    Only the records of int_identities_affected can have moved, so only they are compared.
-#}

with

affected as (

    select source_record_key from {{ ref('int_identities_affected') }}

),

previous as (

    select * from {{ source('syncctl_state', 'build_xref') }}
    where source_record_key in (select source_record_key from affected)

),

current_xref as (

    select source_record_key, customer_id from {{ ref('customer_xref') }}
    where source_record_key in (select source_record_key from affected)

),

current_run as (

    select
        any_value(run_id) as run_id,
        any_value(last_built_run_id) as previous_run_id

    from {{ source('syncctl_state', 'current_run') }}

),

previous_ids as (

    select distinct customer_id from previous

),

current_ids as (

    select distinct customer_id from current_xref

),

moves as (

    select
        previous.customer_id as old_id,
        current_xref.customer_id as new_id,
        count(*) as records

    from previous
    left join current_xref
        on previous.source_record_key = current_xref.source_record_key
    group by previous.customer_id, current_xref.customer_id

),

events as (

    select
        moves.*,
        case
            when moves.old_id in (select customer_id from current_ids) then
                case
                    when moves.new_id is null then null
                    when moves.new_id in (select customer_id from previous_ids) then 'merge'
                    else 'split'
                end
            when moves.new_id is null then
                case when not exists (
                    select 1 from moves as other where other.old_id = moves.old_id and other.new_id is not null
                ) then 'delete' end
            else 'merge'
        end as event

    from moves
    where moves.new_id is distinct from moves.old_id

),

final as (

    select
        {{ dbt.concat(['current_run.previous_run_id', "'|'", 'events.old_id', "'|'", "coalesce(events.new_id, '')"]) }}
            as id_change_id,
        events.old_id,
        events.new_id,
        events.event,
        events.records,
        current_run.run_id,
        current_run.previous_run_id

    from events
    cross join current_run
    where events.event is not null

)

select * from final

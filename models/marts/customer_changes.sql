{{ config(materialized='view') }}

{#-
    One row per target and customer that changed since that target's last successful export: an insert
    (new customer), an update (its golden values changed) or a delete (the id no longer exists, e.g. it
    was merged into another customer, or its records were deleted upstream). A customer whose last
    records were deleted by a source with `on_delete: detach` is a detach instead: the target keeps it,
    syncctl stops syncing it. A view over the `customers` mart and syncctl's export state, so it is
    empty right after an export.

    Every change to a customer writes a customers_history row, so only the customers with a history row
    from a run that started at or after the target's last export run are compared (every customer for a
    target never exported): an export reads what changed, not every customer.
-#}

{%- set targets = syncctl_settings().targets -%}

with

customers as (

    select * from {{ ref('customers') }}

),

history as (

    select * from {{ ref('customers_history') }}

),

runs as (

    select * from {{ source('syncctl_state', 'runs') }}

),

targets as (

    {% for target in targets -%}
    select {{ dbt.string_literal(target) }} as target
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

last_exports as (

    select
        exports.target,
        max(runs.started_at) as last_export_started_at

    from {{ source('syncctl_state', 'exports') }} as exports
    inner join runs
        on exports.run_id = runs.run_id
    group by exports.target

),

history_runs as (

    {#- each history row with the start of the run that wrote or closed it -#}
    select history.customer_id, runs.started_at
    from history
    inner join runs
        on history.run_id = runs.run_id

    union all

    select history.customer_id, runs.started_at
    from history
    inner join runs
        on history.closed_by_run_id = runs.run_id

),

candidates as (

    select distinct
        targets.target,
        history_runs.customer_id

    from targets
    left join last_exports
        on targets.target = last_exports.target
    inner join history_runs
        on last_exports.last_export_started_at is null
        or history_runs.started_at >= last_exports.last_export_started_at

),

exported as (

    select exported_customers.*
    from {{ source('syncctl_state', 'exported_customers') }} as exported_customers
    inner join candidates
        on exported_customers.target = candidates.target
        and exported_customers.customer_id = candidates.customer_id

),

current_state as (

    select
        candidates.target,
        customers.customer_id,
        customers.customer_hash

    from candidates
    inner join customers
        on candidates.customer_id = customers.customer_id

),

detached as (

    {#- customers whose latest history row closes them with detach -#}
    select customer_id
    from history
    where valid_to = valid_from
        and customer_id in (select customer_id from candidates)
    qualify row_number() over (partition by customer_id order by valid_from desc) = 1
        and change_type = 'detach'

),

compared as (

    select
        coalesce(current_state.target, exported.target) as target,
        coalesce(current_state.customer_id, exported.customer_id) as customer_id,
        case
            when exported.customer_id is null then 'insert'
            when current_state.customer_id is null then
                case when detached.customer_id is not null then 'detach' else 'delete' end
            when current_state.customer_hash <> exported.customer_hash then 'update'
        end as change_type,
        exported.customer_hash as previous_customer_hash

    from current_state
    full outer join exported
        on current_state.target = exported.target
        and current_state.customer_id = exported.customer_id
    left join detached
        on coalesce(current_state.customer_id, exported.customer_id) = detached.customer_id

),

final as (

    select
        {{ dbt.concat(['compared.target', "':'", 'compared.customer_id']) }} as change_id,
        compared.target,
        compared.customer_id,
        compared.change_type,
        compared.previous_customer_hash,
        customers.customer_hash,
        {%- for column in golden_columns() %}
        customers.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}

    from compared
    left join customers
        on compared.customer_id = customers.customer_id
    where compared.change_type is not null

)

select * from final

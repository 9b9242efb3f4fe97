{{ config(materialized='view') }}

{#-
    One row per target and customer that changed since that target's last successful export: an insert
    (new customer), an update (its golden values changed) or a delete (the id no longer exists, e.g. it
    was merged into another customer, or its records were deleted upstream). A customer whose last
    records were deleted by a source with `on_delete: detach` is a detach instead: the target keeps it,
    syncctl stops syncing it. A view over the `customers` mart and syncctl's export state, so it is
    empty right after an export.
-#}

{%- set targets = syncctl_settings().targets -%}

with

customers as (

    select * from {{ ref('customers') }}

),

exported as (

    select * from {{ source('syncctl_state', 'exported_customers') }}
    where target in ({% for target in targets %}{{ dbt.string_literal(target) }}{{ ", " if not loop.last }}{% endfor %})

),

closing_rows as (

    select
        customer_id,
        change_type,
        row_number() over (partition by customer_id order by valid_from desc) as recency

    from {{ ref('customers_history') }}
    where valid_to = valid_from

),

detached as (

    select customer_id from closing_rows
    where recency = 1
        and change_type = 'detach'

),

targets as (

    {% for target in targets -%}
    select {{ dbt.string_literal(target) }} as target
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

current_state as (

    select
        targets.target,
        customers.customer_id,
        customers.customer_hash

    from targets
    cross join customers

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

{#-
    One row per customer id an incremental build recomputes: the customers the records of
    int_identities_affected belonged to after the last successful build, and the ones they belong to
    now. Survivorship, the customers mart and its history are rebuilt for these ids only.
-#}

with

affected as (

    select * from {{ ref('int_identities_affected') }}

),

identities as (

    select * from {{ ref('int_identities_resolved') }}

),

final as (

    select previous_customer_id as customer_id
    from affected
    where previous_customer_id is not null

    union

    {# int_identities_resolved holds the affected records only #}
    select customer_id from identities

)

select * from final

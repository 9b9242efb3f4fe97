{#-
    The current rows of customers_history are exactly the customers, with the same golden hash, and the
    current rows of customer_xref_history exactly customer_xref. Returns every customer or record where
    history and the current state disagree. Checked for the customers and records this build recomputed
    (int_customers_affected, int_identities_affected; all of them on a full build): nothing else changed.
    A full build compares whole tables (affected_only filters on every build but a full refresh).
-#}

{%- set affected_customers = ref('int_customers_affected') %}
{%- set affected_records = ref('int_identities_affected') %}

with

current_customer_versions as (

    select customer_id, customer_hash from {{ ref('customers_history') }}
    where is_current
    {{- affected_only('customer_id', affected_customers, keyword='and', recomputed_table=true) }}

),

customers as (

    select customer_id, customer_hash from {{ ref('customers') }}
    {{- affected_only('customer_id', affected_customers, recomputed_table=true) }}

),

current_xref_versions as (

    select source_record_key, customer_id from {{ ref('customer_xref_history') }}
    where is_current
    {{- affected_only('source_record_key', affected_records, keyword='and', recomputed_table=true) }}

),

xref as (

    select source_record_key, customer_id from {{ ref('customer_xref') }}
    {{- affected_only('source_record_key', affected_records, recomputed_table=true) }}

),

customer_mismatches as (

    select
        'customers_history' as history,
        coalesce(customers.customer_id, current_customer_versions.customer_id) as history_key,
        customers.customer_hash as current_value,
        current_customer_versions.customer_hash as history_value

    from customers
    full outer join current_customer_versions
        on customers.customer_id = current_customer_versions.customer_id
    where customers.customer_hash is distinct from current_customer_versions.customer_hash

),

xref_mismatches as (

    select
        'customer_xref_history' as history,
        coalesce(xref.source_record_key, current_xref_versions.source_record_key) as history_key,
        xref.customer_id as current_value,
        current_xref_versions.customer_id as history_value

    from xref
    full outer join current_xref_versions
        on xref.source_record_key = current_xref_versions.source_record_key
    where xref.customer_id is distinct from current_xref_versions.customer_id

)

select * from customer_mismatches
union all
select * from xref_mismatches

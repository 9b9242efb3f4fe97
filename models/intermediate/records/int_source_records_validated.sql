{#-
    Each current source row with the reason it cannot be used, or null when it is accepted. The first
    failing rule wins. Accepted rows get `source_record_key` (source:primary key), the identity the
    matcher and the marts use.
-#}

with

cleansed as (

    select * from {{ ref('int_source_records_cleansed') }}

),

checked as (

    select
        *,
        case
            when source_record_id is null then 'missing_primary_key'
            when rows_in_batch > 1 then 'duplicate_primary_key'
            when email_normalized is null
                and phone_normalized is null
                and national_id is null
                and (
                    last_name_normalized is null
                    or (date_of_birth is null and postcode_normalized is null)
                )
                then 'no_identifying_fields'
        end as reject_reason

    from cleansed

),

final as (

    select
        *,
        case reject_reason
            when 'duplicate_primary_key' then source_record_id
        end as rejected_value,
        case
            when reject_reason is null then {{ dbt.concat(['source', "':'", 'source_record_id']) }}
        end as source_record_key

    from checked

)

select * from final

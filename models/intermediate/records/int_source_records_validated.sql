{{ config(materialized='view') }}

{#-
    Each current source row with the reason it cannot be used (null when it is accepted), the field and
    the value that failed. The first failing rule wins:
    missing_primary_key, duplicate_primary_key (the key appears twice in one batch), uncastable_value
    (a date or timestamp that does not convert), no_identifying_fields (nothing left to match on after
    cleansing). Accepted rows get source_record_key (source:primary key), the identity downstream.
    A view: a few case expressions over int_source_records_cleansed, cheaper to evaluate where it is
    read than to copy every cleansed row into another table.
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
            when date_of_birth_issue = 'uncastable' or updated_at_issue = 'uncastable' then 'uncastable_value'
            when email_normalized is null
                and phone_normalized is null
                and national_id is null
                and (
                    last_name_normalized is null
                    or (date_of_birth is null and postcode_normalized is null and address_line1_normalized is null)
                )
                then 'no_identifying_fields'
        end as reject_reason

    from cleansed

),

final as (

    select
        *,
        case reject_reason
            when 'duplicate_primary_key' then 'primary_key'
            when 'uncastable_value' then
                case when date_of_birth_issue = 'uncastable' then 'date_of_birth' else 'updated_at' end
        end as rejected_field,
        case reject_reason
            when 'duplicate_primary_key' then source_record_id
            when 'uncastable_value' then
                case when date_of_birth_issue = 'uncastable' then date_of_birth_source_value
                    else updated_at_source_value end
        end as rejected_value,
        case
            when reject_reason is null then {{ dbt.concat(['source', "':'", 'source_record_id']) }}
        end as source_record_key

    from checked

)

select * from final

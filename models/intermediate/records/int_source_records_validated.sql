{{ config(materialized='view') }}

{#-
    Each current source row with the reason it cannot be used (null when it is accepted), the field and
    the value that failed. The first failing rule wins: missing_primary_key, duplicate_primary_key (the
    key appears twice in one batch), uncastable_value (a date or timestamp that does not convert),
    no_identifying_fields (nothing left to match on after cleansing). Accepted rows have
    source_record_key (source:primary key), the identity downstream.
    int_source_records_cleansed decides reject_reason and source_record_key and stores them, so that a
    model reading the accepted rows of a few records filters stored columns instead of evaluating the
    rules on every row. A view: the rest is a few case expressions, cheaper to evaluate where they are
    read than to copy every cleansed row into another table.
    first_name_initial (of the first name with nicknames resolved) is a match input for blocking: with
    last name and postcode it keeps apart the many people of one postcode who share a surname.
    phone_normalized, the phone's match form, is the cleansed E.164 phone (not stored twice).
-#}

with

cleansed as (

    select * from {{ ref('int_source_records_cleansed') }}

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
        substring(first_name_resolved_normalized, 1, 1) as first_name_initial,
        phone as phone_normalized

    from cleansed

)

select * from final

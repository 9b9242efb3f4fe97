{#-
    One row per accepted source record and deterministic match key. Records that share a key value are
    candidate pairs (see int_match_pairs_compared). A key value shared by more records than
    `matching.max_key_group_size` (syncctl.yml) is generic (a shared inbox, a switchboard number) and
    flagged `is_generic`: it pairs nothing.

    Keys: email (provider-canonical), phone (E.164), last name + first initial + date of birth, the two
    names in either order + date of birth (catches swapped first/last names), last name + first initial
    + postcode. First names are compared in their nickname-resolved form (Bob = Robert).
-#}

{%- set max_group_size = syncctl_settings().max_key_group_size -%}

with

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

keys as (

    select source_record_key, 'email' as key_type, email_normalized as key_value
    from records
    where email_normalized is not null

    union all

    select source_record_key, 'phone' as key_type, phone_normalized as key_value
    from records
    where phone_normalized is not null

    union all

    select
        source_record_key,
        'name_dob' as key_type,
        {{ dbt.concat(['last_name_normalized', "'|'", 'left(first_name_resolved_normalized, 1)', "'|'",
                       'cast(date_of_birth as ' ~ dbt.type_string() ~ ')']) }} as key_value
    from records
    where last_name_normalized is not null
        and first_name_normalized is not null
        and date_of_birth is not null

    union all

    select
        source_record_key,
        'name_pair_dob' as key_type,
        {{ dbt.concat(['least(first_name_resolved_normalized, last_name_normalized)', "'|'",
                       'greatest(first_name_resolved_normalized, last_name_normalized)', "'|'",
                       'cast(date_of_birth as ' ~ dbt.type_string() ~ ')']) }} as key_value
    from records
    where last_name_normalized is not null
        and first_name_normalized is not null
        and date_of_birth is not null

    union all

    select
        source_record_key,
        'name_postcode' as key_type,
        {{ dbt.concat(['last_name_normalized', "'|'", 'left(first_name_resolved_normalized, 1)', "'|'",
                       'postcode_normalized']) }} as key_value
    from records
    where last_name_normalized is not null
        and first_name_normalized is not null
        and postcode_normalized is not null

),

sized as (

    select
        source_record_key,
        key_type,
        key_value,
        count(*) over (partition by key_type, key_value) as key_group_size

    from keys

),

final as (

    select
        {{ dbt.concat(['source_record_key', "'|'", 'key_type']) }} as match_key_id,
        source_record_key,
        key_type,
        key_value,
        key_group_size,
        key_group_size > {{ max_group_size }} as is_generic

    from sized

)

select * from final

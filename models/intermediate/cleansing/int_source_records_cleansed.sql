{#-
    Basic cleansing of the current source records, and the normalized forms the matcher compares.
    Display values keep their case; `*_normalized` columns are for matching only.
-#}

with

current_records as (

    select * from {{ ref('int_source_records_current') }}

),

cleansed as (

    select
        landed_row_id,
        source,
        source_priority,
        source_record_id,
        {{ collapse_whitespace('first_name') }} as first_name,
        {{ collapse_whitespace('last_name') }} as last_name,
        lower(email) as email,
        phone,
        date_of_birth,
        {{ collapse_whitespace('address_line1') }} as address_line1,
        {{ collapse_whitespace('address_line2') }} as address_line2,
        {{ collapse_whitespace('city') }} as city,
        upper(postcode) as postcode,
        region,
        upper(country) as country,
        company,
        national_id,
        email_opt_in,
        sms_opt_in,
        updated_at,
        batch_id,
        source_file,
        source_row_number,
        loaded_at,
        rows_in_batch

    from current_records

),

normalized as (

    select
        *,
        {{ normalize_name('first_name') }} as first_name_normalized,
        {{ normalize_name('last_name') }} as last_name_normalized,
        {{ normalize_email('email') }} as email_normalized,
        {{ normalize_phone('phone') }} as phone_normalized,
        {{ normalize_postcode('postcode') }} as postcode_normalized

    from cleansed

)

select * from normalized

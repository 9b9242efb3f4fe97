-- depends_on: {{ ref('int_source_record_versions') }}
-- depends_on: {{ ref('int_source_records_touched') }}
{# append: a build inserts only versions this table does not hold yet (not_processed_yet), so a
   delete by unique_key would scan the table for nothing; primary_key tests the key #}
{{
    config(
        materialized='incremental',
        unique_key='landed_row_id',
        incremental_strategy='append',
        pre_hook="{{ join_sides_as_written() if not is_incremental() }}",
        post_hook=[
            "{{ delete_replaced_versions() }}",
            "{{ join_sides_as_written(false) if not is_incremental() }}",
        ],
    )
}}

{#-
    One row per current source record, cleansed: emails validated, phones in E.164, dates parsed,
    codes mapped to canonical values (seeds/value_mappings.csv), postcodes in their country's form.
    A value that cannot be used is null here and its <column>_issue says why (placeholder, invalid,
    impossible, unmapped, uncastable); <column>_source_value keeps what arrived for a typed column whose
    value does not convert (uncastable; what the rejected row shows), and is null otherwise.
    The *_normalized columns are the match forms the matcher compares; they are never exported (the
    phone's match form is the E.164 phone itself, named phone_normalized by int_source_records_validated).
    reject_reason is the first quarantine rule the row fails, and source_record_key (source:primary key)
    the identity of an accepted row downstream (see int_source_records_validated).
    Row by row: an incremental build cleanses the standardized versions of the records it touched that
    are not here yet. Names and postcodes are worked out once per distinct value, and the seeds are
    joined, not searched row by row.
-#}

{%- set settings = syncctl_settings() -%}
{%- set mapped = ['email_opt_in', 'sms_opt_in', 'gender'] -%}

with

standardized as (

    {#- the view holds the records this build touches #}
    select * from {{ ref('int_source_records_standardized') }} as standardized_rows
    {{ not_processed_yet('standardized_rows.landed_row_id', keyword='where') }}

),

record_phones as (

    {#- each record's parsed phone, looked up on narrow rows and joined to the wide ones by landed_row_id.
        Joined straight to the wide rows in `converted`, DuckDB put those rows (every column of a million
        records) in its hash table: 13.2 against 11.1 CPU-s for this model at 1,002,007 records -#}
    select
        standardized.landed_row_id,
        parsed_phones.phone_e164

    from standardized
    inner join {{ ref('int_phone_numbers_parsed') }} as parsed_phones
        on {{ phone_lookup_key('standardized.phone') }} = parsed_phones.phone_lookup_key
        and {{ phone_region('standardized.country_code', 'standardized.source') }} is not distinct from parsed_phones.region

),

lookups as (

    {{ lookup_lists(placeholder_fields=[]) }}

),
{%- for field in mapped %}

{{ field }}_mappings as (

    {{ value_mappings_for(field) }}

),
{%- endfor %}

name_forms as (

    {#- names repeat a lot: compute each distinct name's match form once -#}
    select
        names.name,
        {{ name_match_form('names.name') }} as match_form

    from (
        select first_name as name from standardized
        union
        select last_name from standardized
    ) as names
    cross join lookups
    where names.name is not null

),

name_forms_resolved as (

    {#- a first name's form with a nickname resolved (bill -> william): what first names match on #}
    select
        name_forms.name,
        name_forms.match_form,
        coalesce(nicknames.name, name_forms.match_form) as resolved_form

    from name_forms
    left join {{ ref('nicknames') }} as nicknames
        on name_forms.match_form = nicknames.nickname

),

postcodes as (

    {#- postcodes repeat too: put each distinct one in its country's form once, and check that form
        against the country's formats (no format for the country: no verdict) -#}
    select
        country_code,
        postcode,
        postcode_cleansed,
        {{ postcode_is_valid('postcode_cleansed', 'country_code') }} as is_valid

    from (
        select
            country_code,
            postcode,
            {{ postcode_cleansed('postcode', 'country_code') }} as postcode_cleansed
        from (select distinct country_code, postcode from standardized where postcode is not null)
    ) as postcodes

),

converted as (

    select
        standardized.*,
        {{ email_cleansed('standardized.email') }} as email_valid,
        record_phones.phone_e164,
        case standardized.source
            {%- for name, source in settings.sources.items() %}
            when '{{ name }}' then {{ parse_date('standardized.date_of_birth', source.date_formats) }}
            {%- endfor %}
        end as date_of_birth_parsed,
        {{ parse_timestamp('standardized.updated_at') }} as updated_at_parsed,
        {%- for field in mapped %}
        {{ field }}_mappings.canonical_value as {{ field }}_mapped,
        {%- endfor %}
        first_name_form.match_form as first_name_match_form,
        first_name_form.resolved_form as first_name_resolved_form,
        last_name_form.match_form as last_name_match_form,
        postcodes.postcode_cleansed,
        postcodes.is_valid as postcode_is_valid

    from standardized
    cross join lookups
    left join name_forms_resolved as first_name_form
        on standardized.first_name = first_name_form.name
    left join name_forms as last_name_form
        on standardized.last_name = last_name_form.name
    {%- for field in mapped %}
    left join {{ field }}_mappings
        on standardized.source = {{ field }}_mappings.source
        and {{ lookup_key('standardized.' ~ field) }} = {{ field }}_mappings.source_value
    {%- endfor %}
    left join postcodes
        on standardized.country_code is not distinct from postcodes.country_code
        and standardized.postcode = postcodes.postcode
    left join record_phones
        on standardized.landed_row_id = record_phones.landed_row_id

),

cleansed as (

    select
        landed_row_id,
        record_key,
        source,
        source_priority,
        source_record_id,
        first_name,
        last_name,
        gender_mapped as gender,
        email_valid as email,
        phone_e164 as phone,
        case when not {{ is_impossible_birth_date('date_of_birth_parsed') }} then date_of_birth_parsed end
            as date_of_birth,
        address_line1,
        address_line2,
        city,
        postcode_cleansed as postcode,
        region,
        country_code as country,
        company,
        national_id,
        cast(email_opt_in_mapped as boolean) as email_opt_in,
        cast(sms_opt_in_mapped as boolean) as sms_opt_in,
        updated_at_parsed as updated_at,
        case when date_of_birth is not null and date_of_birth_parsed is null then date_of_birth end
            as date_of_birth_source_value,
        case when updated_at is not null and updated_at_parsed is null then updated_at end as updated_at_source_value,
        {%- for column in settings.canonical_columns %}
        {%- if column == 'email' %}
        coalesce(email_issue, case when email is not null and email_valid is null then 'invalid' end) as email_issue,
        {%- elif column == 'phone' %}
        coalesce(phone_issue, case when phone is not null and phone_e164 is null then 'invalid' end) as phone_issue,
        {%- elif column == 'date_of_birth' %}
        coalesce(date_of_birth_issue,
            case
                when date_of_birth is not null and date_of_birth_parsed is null then 'uncastable'
                when {{ is_impossible_birth_date('date_of_birth_parsed') }} then 'impossible'
            end) as date_of_birth_issue,
        {%- elif column == 'updated_at' %}
        coalesce(updated_at_issue, case when updated_at is not null and updated_at_parsed is null then 'uncastable' end)
            as updated_at_issue,
        {%- elif column == 'postcode' %}
        coalesce(postcode_issue, case when postcode_is_valid = false then 'invalid' end) as postcode_issue,
        {%- elif column == 'country' %}
        coalesce(country_issue, case when country is not null and country_code is null then 'unmapped' end)
            as country_issue,
        {%- elif column in mapped %}
        coalesce({{ column }}_issue, case when {{ column }} is not null and {{ column }}_mapped is null then 'unmapped' end)
            as {{ column }}_issue,
        {%- else %}
        {{ column }}_issue,
        {%- endif %}
        {%- endfor %}
        first_name_match_form as first_name_normalized,
        first_name_resolved_form as first_name_resolved_normalized,
        last_name_match_form as last_name_normalized,
        {{ email_match_form('email_valid') }} as email_normalized,
        phone_e164 as phone_normalized,
        {{ address_match_form('address_line1') }} as address_line1_normalized,
        batch_id,
        source_file,
        source_row_number,
        loaded_at,
        rows_in_batch,
        first_seen_batch_id,
        replace(postcode_cleansed, ' ', '') as postcode_normalized

    from converted
    cross join lookups

),

validated as (

    {#- stored here so that readers filter on one column instead of evaluating these rules on every row -#}
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

keyed as (

    select
        *,
        case
            when reject_reason is null then {{ dbt.concat(['source', "':'", 'source_record_id']) }}
        end as source_record_key

    from validated

)

{#- phone_normalized is the E.164 phone itself: int_source_records_validated names it, not a second stored copy #}
select * exclude (phone_normalized) from keyed

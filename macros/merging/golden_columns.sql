{#- The customer fields the golden record carries and the export delivers, in output order. -#}
{% macro golden_columns() -%}
    {{ return([
        'first_name', 'last_name', 'gender', 'email', 'phone', 'date_of_birth', 'company', 'national_id',
        'address_line1', 'address_line2', 'city', 'postcode', 'region', 'country',
        'email_opt_in', 'sms_opt_in',
    ]) }}
{%- endmacro %}

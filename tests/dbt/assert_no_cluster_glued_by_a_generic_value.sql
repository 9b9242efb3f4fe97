{{ config(store_failures=true) }}

{#-
    Over-merge guard: no link rests on a generic value. A linked pair whose records share a contact
    blocking key (a rule on email, phone or national id alone) that more records than
    matching.max_key_group_size share (a placeholder the seeds missed, a shared
    inbox or switchboard number) is taken to be glued by that value when a deterministic link rule made
    the link (the rule may have fired on the generic value) or its first names do not agree exactly.
    The test fails and names the customer, the pair and the value. It checks the links the build wrote.
-#}

{#- only contact values can be placeholders; a common surname in a big postcode is just common -#}
{%- set contact_rules = [] -%}
{%- for rule in syncctl_settings().matching.blocking_rules
    if rule.columns | length == 1 and rule.columns[0] in ['email_normalized', 'phone_normalized', 'national_id'] -%}
    {%- do contact_rules.append("'" ~ rule.name ~ "'") -%}
{%- endfor %}

with

generic_keys as (

    select * from {{ ref('int_blocking_keys_generated') }}
    where is_generic
        and blocking_rule in ({{ contact_rules | join(', ') if contact_rules else "''" }})

),

links as (

    {#- the links this build wrote; a key that turns generic makes its group's records re-pair, so their
        links are written again -#}
    select * from {{ ref('customer_match_evidence') }}
    where built_run_id = {{ current_run_id() }}

)

select
    links.customer_id,
    links.match_pair_id,
    key_a.blocking_rule,
    key_a.blocking_key as generic_value,
    key_a.key_group_size

from links
inner join generic_keys as key_a
    on links.source_record_key_a = key_a.source_record_key
inner join generic_keys as key_b
    on links.source_record_key_b = key_b.source_record_key
    and key_a.blocking_key_hash = key_b.blocking_key_hash
where links.linked_by = 'link_rule' or links.first_name_level <> 'exact'

{#-
    The match form of a valid email: providers whose mailboxes ignore dots and "+tags" in the local part
    (seeds/email_providers.csv: john.smith+news@googlemail.com) match on the canonical mailbox
    (johnsmith@gmail.com). The exported email keeps its original form. Reads `lookups`.
-#}
{% macro email_match_form(column) -%}
    {{ return(adapter.dispatch('email_match_form', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__email_match_form(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: email_match_form needs lists and maps, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__email_match_form(column) -%}
    {%- set local_part = "split_part(" ~ column ~ ", '@', 1)" -%}
    {%- set domain = "split_part(" ~ column ~ ", '@', 2)" -%}
    case when {{ column }} is not null then
        case
            when list_contains(lookups.email_dotless_domains, {{ domain }})
                then replace(
                    case when list_contains(lookups.email_tagless_domains, {{ domain }})
                        then split_part({{ local_part }}, '+', 1) else {{ local_part }} end, '.', '')
            when list_contains(lookups.email_tagless_domains, {{ domain }})
                then split_part({{ local_part }}, '+', 1)
            else {{ local_part }}
        end
        || '@' || coalesce(lookups.email_domains[{{ domain }}], {{ domain }})
    end
{%- endmacro %}

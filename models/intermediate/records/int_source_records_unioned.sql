{{ config(materialized='view') }}

{#- Every landed row of every source in syncctl.yml, all versions, in one relation. -#}
{%- set sources = syncctl_settings().sources -%}

with

{% for name in sources -%}
stg_{{ name }} as (

    select * from {{ ref('stg_' ~ name ~ '__customers') }}

),

{% endfor -%}
unioned as (

    {% for name in sources -%}
    select * from stg_{{ name }}
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

)

select * from unioned

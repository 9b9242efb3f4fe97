{#-
    A model's key: never null and never on two rows (dbt's unique and not_null in one query, so a build
    runs one test per key instead of two). Returns each failing key value with its row count.
    `written_where` (a condition on the model's own columns, e.g. the run that wrote a row) limits the
    test to the keys of the rows the build wrote: a duplicate needs a written row and both rows share
    the key, so the limited test still finds it, reading a few keys instead of the whole table. A full
    refresh wrote every row of a rebuilt model, so it checks the whole table in one pass (and a history's
    older rows with it) instead of looking up every key twice.
-#}
{% test primary_key(model, column_name, written_where=none) %}

with

checked as (

    select {{ column_name }} as key_value
    from {{ model }}
    {%- if written_where and not flags.FULL_REFRESH %}
    where {{ column_name }} in (select {{ column_name }} from {{ model }} where {{ written_where }})
        or ({{ column_name }} is null and ({{ written_where }}))
    {%- endif %}

)

select
    key_value,
    count(*) as rows_with_key

from checked
group by key_value
having count(*) > 1 or key_value is null

{% endtest %}

{#-
    A model's key: never null and never on two rows (dbt's unique and not_null in one query, so a build
    runs one test per key instead of two). Returns each failing key value with its row count.
    The key is one column (a column's test) or several (`columns`, a model's test).
    `written_where` (a condition on the model's own columns, e.g. the run that wrote a row; one key
    column) limits the test to the keys of the rows the build wrote: a duplicate needs a written row
    and both rows share the key, so the limited test still finds it, reading a few keys instead of the
    whole table. A full refresh wrote every row of a rebuilt model, so it checks the whole table in one
    pass (and a history's older rows with it) instead of looking up every key twice.
-#}
{% test primary_key(model, column_name=none, columns=none, written_where=none) %}

{%- set key_columns = columns or [column_name] -%}
{%- if written_where and key_columns | length > 1 -%}
    {{ exceptions.raise_compiler_error("primary_key: written_where needs a one-column key, not " ~ key_columns | join(", ")) }}
{%- endif %}

with

checked as (

    select {% for column in key_columns %}{{ column }} as key_value{{ "_" ~ loop.index if key_columns | length > 1 }}{{ ", " if not loop.last }}{% endfor %}
    from {{ model }}
    {%- if written_where and not flags.FULL_REFRESH %}
    where {{ column_name }} in (select {{ column_name }} from {{ model }} where {{ written_where }})
        or ({{ column_name }} is null and ({{ written_where }}))
    {%- endif %}

)

select
    *,
    count(*) as rows_with_key

from checked
group by all
having count(*) > 1
    {%- for column in key_columns %} or key_value{{ "_" ~ loop.index if key_columns | length > 1 }} is null{% endfor %}

{% endtest %}

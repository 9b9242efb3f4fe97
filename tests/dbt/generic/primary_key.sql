{#-
    A model's key: never null and never on two rows (dbt's unique and not_null in one query, so a build
    runs one test per key instead of two). Returns each failing key value with its row count.
    Incremental models restrict it with the test's `where` config to the keys a build wrote: a duplicate
    needs a written row, and both rows share the key, so the restricted test still finds it.
-#}
{% test primary_key(model, column_name) %}

select
    {{ column_name }} as key_value,
    count(*) as rows_with_key

from {{ model }}
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null

{% endtest %}

{#-
    The rows an SCD type 2 history model (incremental, delete+insert on `version_id`) writes in one run,
    as one query. `current_state` is a relation with one row per `key` as it is now (the `columns` and a
    `hash_column` over them); `end_reasons` has (key, change_type) for keys that are gone, e.g.
    delete / detach / merge. Per key:
    - new, or its hash changed: a new current version (change_type insert / update), valid from this run;
    - its hash changed, or it is gone: the open version is closed (valid_to = this run, is_current false);
    - gone: a closing row (valid_from = valid_to = this run) with the reason, so nothing disappears silently.
    An unchanged key writes nothing. The run is syncctl_state.current_run, timed by its start.
    `affected` (a select of keys) limits the comparison to the keys a build can have changed.
    The first build (no history yet) has nothing to compare against: every key is an insert.
-#}
{% macro scd2_versions(current_state, end_reasons, key, columns, hash_column, version_id, affected=none) -%}
{%- set tracked = [key] + columns + [hash_column] -%}
{%- set string = dbt.type_string() -%}
with

run as (

    select
        current_run.run_id,
        runs.started_at as run_at

    from {{ source('syncctl_state', 'current_run') }} as current_run
    inner join {{ source('syncctl_state', 'runs') }} as runs
        on current_run.run_id = runs.run_id

),

now_state as (

    select * from {{ current_state }}
    {%- if affected %}
    where {{ key }} in ({{ affected }})
    {%- endif %}

),
{%- if is_incremental() %}

open_versions as (

    select * from {{ this }}
    where is_current
    {%- if affected %}
        and {{ key }} in ({{ affected }})
    {%- endif %}

),

compared as (

    select
        coalesce(now_state.{{ key }}, open_versions.{{ key }}) as {{ key }},
        open_versions.{{ version_id }} as open_version_id,
        case
            when open_versions.{{ key }} is null then 'insert'
            when now_state.{{ key }} is null then 'end'
            when now_state.{{ hash_column }} <> open_versions.{{ hash_column }} then 'update'
        end as change

    from now_state
    full outer join open_versions
        on now_state.{{ key }} = open_versions.{{ key }}

),
{%- endif %}

opened as (

    select
        {{ dbt.concat(['now_state.' ~ key, "':'", 'run.run_id']) }} as {{ version_id }},
        {%- for column in tracked %}
        now_state.{{ column }},
        {%- endfor %}
        run.run_at as valid_from,
        cast(null as {{ dbt.type_timestamp() }}) as valid_to,
        true as is_current,
        {{ "compared.change" if is_incremental() else "'insert'" }} as change_type,
        run.run_id,
        cast(null as {{ string }}) as closed_by_run_id

    {% if is_incremental() -%}
    from compared
    inner join now_state
        on compared.{{ key }} = now_state.{{ key }}
    cross join run
    where compared.change in ('insert', 'update')
    {%- else -%}
    {#- no history yet: nothing to compare against, every key is new #}
    from now_state
    cross join run
    {%- endif %}

){{ "," if is_incremental() }}
{%- if is_incremental() %}

closed as (

    select
        open_versions.{{ version_id }},
        {%- for column in tracked %}
        open_versions.{{ column }},
        {%- endfor %}
        open_versions.valid_from,
        run.run_at as valid_to,
        false as is_current,
        open_versions.change_type,
        open_versions.run_id,
        run.run_id as closed_by_run_id

    from compared
    inner join open_versions
        on compared.open_version_id = open_versions.{{ version_id }}
    cross join run
    where compared.change in ('update', 'end')

),

ended as (

    select
        {{ dbt.concat(['open_versions.' ~ key, "':'", 'run.run_id']) }} as {{ version_id }},
        {%- for column in tracked %}
        open_versions.{{ column }},
        {%- endfor %}
        run.run_at as valid_from,
        run.run_at as valid_to,
        false as is_current,
        coalesce(end_reasons.change_type, 'delete') as change_type,
        run.run_id,
        run.run_id as closed_by_run_id

    from compared
    inner join open_versions
        on compared.open_version_id = open_versions.{{ version_id }}
    left join {{ end_reasons }} as end_reasons
        on compared.{{ key }} = end_reasons.{{ key }}
    cross join run
    where compared.change = 'end'

)
{%- endif %}

select * from opened
{%- if is_incremental() %}
union all
select * from closed
union all
select * from ended
{%- endif %}
{%- endmacro %}

{#-
    The typed relation of one raw table plus the helper columns (prefix {{ helper }}) the
    rules suite compares. Per-id facts are GROUP BY aggregates joined back on the trimmed id,
    not window functions: a window buffers every row with all its columns, a join only the
    small per-id side. Identifiers and literals arrive quoted (ident/literal).
-#}
with t as not materialized (
    {% if has_id %}
    select *, nullif(trim({{ id_column }}), '') as {{ helper }}id from ({{ typed }})
    {% else %}
    {{ typed }}
    {% endif %}
)
{% if has_id %}
, ids as (
    select {{ helper }}id, count(*) as n_rows, {{ 'max(system_modstamp)' if stamped else 'null' }} as latest
    from t where {{ helper }}id is not null group by {{ helper }}id
)
{% endif %}
{% if stamped %}
, ties as (
    select {{ helper }}id, system_modstamp from t where {{ helper }}id is not null
    group by {{ helper }}id, system_modstamp having min({{ content }}) != max({{ content }})
)
{% endif %}
{% for col in columns if col.parent_file %}
, p_{{ col.name }} as (
    select distinct nullif(trim(id), '') as id from read_parquet({{ col.parent_file }})
)
{% endfor %}
select
    t.*
    {% if has_id %}
    , coalesce(ids.n_rows, 0) as {{ helper }}id_rows
    {% endif %}
    {% if stamped %}
    , (ties.{{ helper }}id is not null and t.system_modstamp = ids.latest) as {{ helper }}tied_versions
    {% endif %}
    , (
        true
        {% if has_id %}
        and t.{{ helper }}id is not null
        {% endif %}
        {% if stamped %}
        and (t.system_modstamp is null or t.system_modstamp = ids.latest)
        {% endif %}
        {% if has_is_deleted %}
        and t.is_deleted is distinct from true
        {% endif %}
    ) as {{ helper }}is_current
    {% for col in columns %}
    {% if col.implausible %}
    , coalesce({{ col.implausible }}, false) as {{ helper }}implausible__{{ col.name }}
    {% endif %}
    {% if col.picklist_code %}
    , {{ col.picklist_code }} as {{ helper }}code__{{ col.name }}
    {% endif %}
    {% if col.parent_file %}
    , (p_{{ col.name }}.id is not null) as {{ helper }}has_parent__{{ col.name }}
    {% endif %}
    {% endfor %}
    {% for day in day_columns %}
    , cast(t.{{ day.column }} as date) as {{ helper }}day__{{ day.name }}
    {% endfor %}
from t
{% if has_id %}
left join ids on ids.{{ helper }}id = t.{{ helper }}id
{% endif %}
{% if stamped %}
left join ties on ties.{{ helper }}id = t.{{ helper }}id and ties.system_modstamp = t.system_modstamp
{% endif %}
{% for col in columns if col.parent_file %}
left join p_{{ col.name }} on p_{{ col.name }}.id = nullif(trim({{ col.column }}), '')
{% endfor %}

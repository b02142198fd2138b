{#- Base-model invariant behind the version dedupe: every id keeps exactly one current row
    (staged, soft_deleted or quarantined), all its other rows being duplicate_version. The only
    exception are ids whose differing rows cannot be ordered (no version column): then every
    current row is quarantined as conflicting_versions. Fails for each id breaking this, e.g.
    when a tie on system_modstamp were resolved twice or not at all. Rows without an id are
    missing_id and not checked here. -#}
{% test one_current_version(model, column_name) %}

    with

    rows_per_id as (

        select
            {{ column_name }} as key_value,
            count(*) filter (where row_disposition != 'duplicate_version') as n_current_rows,
            count(*) filter (
                where row_disposition = 'quarantined'
                and quarantine_rule = 'conflicting_versions'
            ) as n_conflicting_rows
        from {{ model }}
        where {{ column_name }} is not null
        group by {{ column_name }}

    ),

    final as (

        select
            key_value,
            n_current_rows,
            n_conflicting_rows
        from rows_per_id
        where
            n_current_rows = 0
            or (n_current_rows > 1 and n_conflicting_rows < n_current_rows)

    )

    select * from final

{% endtest %}

{#- Raw-extract key test: an id may appear several times (repeated extraction), but two rows
    with the same (id, version) should be exact repeats. When they are not, staging still
    decides deterministically (macros/staging/is_latest_version.sql): with a version column it
    keeps the row with the smallest source_row_hash (md5 of the raw row, the kept_row_hash
    below) and counts the others as duplicate_version; without one it quarantines every row of
    the id (conflicting_versions). So this is a warning about the extract, never a reason to
    stop the build; the error-level invariant is one_current_version on the base model and unique on
    the staged key. Ids and versions are read as staging reads them (clean_string, clean_cast):
    a blank id is a missing id (missing_id), not a key. -#}
{% test unique_version(model, column_name, version_column=none, version_data_type='timestamp') %}

    {{ config(severity='warn') }}

    with

    source_rows as (

        select
            {{ clean_string(column_name) }} as key_value,
            {% if version_column -%}
                {{ clean_cast(version_column, version_data_type) }} as version_value,
            {%- else -%}
                cast(null as {{ version_data_type }}) as version_value,
            {%- endif %}
            md5(cast(src as varchar)) as row_hash
        from {{ model }} as src

    ),

    conflicts as (

        select
            key_value,
            version_value,
            count(distinct row_hash) as n_distinct_rows,
            min(row_hash) as kept_row_hash
        from source_rows
        where key_value is not null
        group by key_value, version_value
        having count(distinct row_hash) > 1

    ),

    final as (

        select
            key_value,
            version_value,
            n_distinct_rows,
            kept_row_hash,
            {% if version_column -%}
                'id ' || key_value || ': ' || n_distinct_rows
                || ' different rows share {{ version_column }} '
                || coalesce(cast(version_value as varchar), 'null')
                || '; staging keeps the one with source_row_hash ' || kept_row_hash
                || ' (smallest md5 of the raw row) and counts the others as duplicate_version'
            {%- else -%}
                'id ' || key_value || ': ' || n_distinct_rows
                || ' different rows and no version column to choose one;'
                || ' staging quarantines all of them (conflicting_versions)'
            {%- endif %} as message
        from conflicts

    )

    select * from final

{% endtest %}

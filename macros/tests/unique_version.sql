{#- Raw-extract key test that tolerates the documented dirt: an id may appear several times
    (repeated extraction), but two rows with the same (id, version column) must be exact
    repeats. Fails for every (id, version) carrying more than one distinct row content.
    Without version_column, any two rows of an id must be exact repeats. -#}
{% test unique_version(model, column_name, version_column=none) %}

    with

    source_rows as (

        select
            {{ column_name }} as key_value,
            {% if version_column -%}
                {{ version_column }} as version_value,
            {%- else -%}
                null as version_value,
            {%- endif %}
            md5(cast(src as varchar)) as row_hash
        from {{ model }} as src
        where {{ column_name }} is not null

    ),

    final as (

        select
            key_value,
            version_value,
            count(distinct row_hash) as n_distinct_rows
        from source_rows
        group by key_value, version_value
        having count(distinct row_hash) > 1

    )

    select * from final

{% endtest %}

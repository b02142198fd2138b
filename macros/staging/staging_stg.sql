{#- The staging model of one raw table: the staged rows of its base model (base_model), every
    base column except the row bookkeeping (is_deleted, row_disposition, quarantine_rule,
    source_row_hash, source_row_json), then the model's own derived columns. The base columns
    come from the base model itself, which the contract generates, so they are listed once.
      lookups          CTEs the derived columns read ('name as (...),' each);
      joins            joins of those lookups to staged (lookups only: one row per staged row);
      replace_columns  {base column: SQL over staged.<column>} cleaned in place (same position);
      derived_columns  {name: SQL over staged.<column>}, after the base columns. -#}
{% macro staging_stg(base_model, derived_columns={}, replace_columns={}, lookups='', joins='') -%}
with

base as (

    select * from {{ ref(base_model) }}

),

staged as (

    select
        columns(
            lambda column_name: column_name not in (
                'is_deleted',
                'row_disposition',
                'quarantine_rule',
                'source_row_hash',
                'source_row_json'
            )
        )
    from base
    where row_disposition = 'staged'

),
{%- if lookups | trim %}

{{ lookups | trim }}
{%- endif %}

final as (

    select
        staged.*
        {%- if replace_columns %} replace (
            {%- for name, expression in replace_columns.items() %}
            {{ expression | trim }} as {{ name }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        )
        {%- endif %}{% if derived_columns %},{% endif %}
        {%- for name, expression in derived_columns.items() %}
        {{ expression | trim }} as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from staged
    {%- if joins | trim %}
    {{ joins | trim }}
    {%- endif %}

)

select * from final
{%- endmacro %}

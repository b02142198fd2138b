{#- What this build was run with, in one row, for whoever freezes a baseline from it
    (crm_kpi.baseline copies it into the manifest): the window settings, the label, the
    extract's cut-off and source, and the data's identity. Read from the build itself (dbt
    vars, which read the environment) so that `--vars` and `make build EXTRACT_DIR=...`
    reach the snapshot, and nothing has to re-read dbt_project.yml or the environment later.
    The label a snapshot takes when none is given is the build's var baseline_label, else
    var default_baseline_label: its one default. -#}
{%- set baseline_label = (var('baseline_label') | string | trim) | replace("'", "''") -%}
{%- set default_label = (var('default_baseline_label') | string | trim) | replace("'", "''") -%}
{%- set extract_dir = (var('extract_dir', '') | string | trim) | replace("'", "''") -%}
{%- set extract_format = (var('extract_format', '') | string | trim) | replace("'", "''") -%}
{%- set as_of_literal = extract_as_of_date() or 'null' -%}
{%- set snapshot_label = baseline_label or default_label -%}
with

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

identity as (

    select * from {{ ref('baseline_dataset_identity') }}

),

data_bounds as (

    select max(data_as_of_date) as data_as_of_date
    from month_spine

),

final as (

    select
        cast({{ var('baseline_months') | int }} as integer) as baseline_months,
        cast({{ var('stabilization_months') | int }} as integer) as stabilization_months,
        cast({{ var('evaluation_months') | int }} as integer) as evaluation_months,
        cast(nullif('{{ baseline_label }}', '') as varchar) as baseline_label,
        cast('{{ snapshot_label }}' as varchar) as snapshot_label,
        cast({{ as_of_literal }} as date) as as_of_date,
        cast(data_bounds.data_as_of_date as date) as data_as_of_date,
        cast(
            {% if extract_dir %}'extract_dir'{% else %}'seeds'{% endif %} as varchar
        ) as extract_source,
        cast(nullif('{{ extract_dir }}', '') as varchar) as extract_dir,
        cast(
            {% if extract_dir %}'{{ extract_format }}'{% else %}'csv'{% endif %} as varchar
        ) as extract_format,
        cast(identity.region_codes as varchar) as region_codes,
        cast(identity.rollout_plan as varchar) as rollout_plan,
        cast(identity.source_id as varchar) as source_id,
        cast(identity.source_id_user_count as integer) as source_id_user_count
    from data_bounds
    cross join identity

)

select * from final

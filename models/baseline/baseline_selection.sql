{#- The baseline the scorecard compares with, in one row that always exists: its label, or
    why there is none (baseline_status) and what to do (baseline_message). Statuses:
    'baseline used', 'no baseline for this data' (none matches the data), 'baseline does
    not match this data' (the label asked for in var baseline_label belongs to other data),
    'baseline not found' (the label asked for does not exist). -#}
{%- set requested_label = (var('baseline_label') | trim) | replace("'", "''") -%}
{%- set default_label = (var('default_baseline_label') | string | trim) | replace("'", "''") -%}
{%- set take_command = '.venv/bin/python -m crm_kpi.baseline' -%}
with

catalog as (

    select * from {{ ref('baseline_catalog') }}

),

summary as (

    select
        nullif('{{ requested_label }}', '') as requested_label,
        max(baseline_label) filter (where is_selected) as baseline_label,
        max(taken_at) filter (where is_selected) as taken_at,
        max(as_of) filter (where is_selected) as as_of,
        bool_or(baseline_label = '{{ requested_label }}') as has_requested,
        max(mismatch_reason) filter (
            where baseline_label = '{{ requested_label }}'
        ) as requested_mismatch_reason,
        count(*) filter (where not is_matching_data) as n_other_data,
        string_agg(baseline_label, ', ' order by baseline_label) filter (
            where not is_matching_data
        ) as other_data_labels,
        bool_or(baseline_label = '{{ default_label }}') as has_default_label
    from catalog

),

statused as (

    select
        *,
        case
            when baseline_label is not null then 'baseline used'
            when requested_label is not null and has_requested
                then 'baseline does not match this data'
            when requested_label is not null then 'baseline not found'
            else 'no baseline for this data'
        end as baseline_status,
        -- the label a new snapshot of this data can take
        coalesce(
            case when not coalesce(has_requested, false) then requested_label end,
            case when not coalesce(has_default_label, false) then '{{ default_label }}' end,
            '<new label>'
        ) as suggested_label
    from summary

),

final as (

    select
        cast(requested_label as varchar) as requested_label,
        cast(baseline_label as varchar) as baseline_label,
        cast(taken_at as timestamptz) as taken_at,
        cast(as_of as date) as as_of,
        cast(baseline_status as varchar) as baseline_status,
        cast(
            case
                when baseline_status = 'baseline used'
                    then
                        'baseline ''' || baseline_label || ''' (as of '
                        || strftime(as_of, '%Y-%m-%d')
                        || ') matches the regions, roll-out plan and source id of this data'
                else
                    case baseline_status
                        when 'baseline does not match this data'
                            then
                                'baseline ''' || requested_label
                                || ''' belongs to other data (' || requested_mismatch_reason
                                || ') and is not used'
                        when 'baseline not found'
                            then 'baseline ''' || requested_label || ''' not found'
                        else
                            'no baseline for this data'
                            || coalesce(
                                ' (baselines of other data ignored: ' || other_data_labels
                                || ')',
                                ''
                            )
                    end
                    || '; before go-live take one with: {{ take_command }} --label '
                    || suggested_label || ' --as-of <date before go-live>, then build again'
            end as varchar
        ) as baseline_message,
        cast(n_other_data as integer) as n_ignored_baselines
    from statused

)

select * from final

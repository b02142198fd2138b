{#-
    Base of crm.case_milestone, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - unknown_case: case id missing or absent from the case extract
      - unknown_milestone_type: milestone type missing or not first_response/resolution
-#}

{%- set lookups %}
cases as (

    {{ current_ids('base_crm__cases', 'case_id') }}

),
{%- endset %}

{%- set row_rules %}
when
    not exists (
        select 1 from cases
        where cases.case_id = versioned.case_id
    )
    then 'unknown_case'
when
    coalesce(versioned.milestone_type not in ('first_response', 'resolution'), true)
    then 'unknown_milestone_type'
{%- endset %}

{{ staging_base(
    'crm',
    'case_milestone',
    lookups=lookups,
    row_rules=row_rules
) }}

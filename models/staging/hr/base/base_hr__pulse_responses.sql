{#-
    Base of hr.pulse_response: the only model reading source('hr', 'pulse_response'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    No system_modstamp: exact repeats of a row are duplicate_version; an id with several
    different rows cannot be resolved and is quarantined (conflicting_versions).
    Row-level rules on the latest version, first failing wins:
      - conflicting_versions: the id has several rows that are not exact repeats (no system_modstamp to pick the latest), so none is trusted
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the hr.pulse_response contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - score_out_of_range: score missing or outside 0-10
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('hr', 'pulse_response') }} as raw_rows

),

renamed as (

    select
        {{ clean_string('id') }} as pulse_response_id,
        {{ clean_cast('survey_date', 'date') }} as survey_date,
        {{ picklist_code('department') }} as department,
        upper({{ clean_string('country_code') }}) as country_code,
        upper({{ clean_string('state_code') }}) as state_code,
        {{ clean_cast('enps_score', 'integer') }} as enps_score,
        {{ contract_value_rule('hr', 'pulse_response', {
            'survey_date': 'date',
            'enps_score': 'integer',
        }) }} as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source as raw_rows

),

versioned as (

    select
        renamed.*,
        {{ is_latest_version('pulse_response_id') }} as is_latest_version,
        {{ has_conflicting_versions('pulse_response_id') }} as has_conflicting_versions
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.has_conflicting_versions then 'conflicting_versions'
            when versioned.value_rule is not null then versioned.value_rule
            when coalesce(versioned.enps_score not between 0 and 10, true) then 'score_out_of_range'
        end as row_rule
    from versioned

),

final as (

    select
        pulse_response_id,
        survey_date,
        department,
        country_code,
        state_code,
        enps_score,
        {{ row_disposition('pulse_response_id', is_deleted='false') }} as row_disposition,
        {{ row_quarantine_rule('pulse_response_id', is_deleted='false') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final

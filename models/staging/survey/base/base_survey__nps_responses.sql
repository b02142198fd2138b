{#-
    Base of survey.nps_response: the only model reading source('survey', 'nps_response'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    No system_modstamp: exact repeats of a row are duplicate_version; an id with several
    different rows cannot be resolved and is quarantined (conflicting_versions).
    PII (comment) is not selected: it stays in the raw layer.
    Row-level rules on the latest version, first failing wins:
      - conflicting_versions: the id has several rows that are not exact repeats (no system_modstamp to pick the latest), so none is trusted
      - invalid_date: a date or timestamp value was given but does not parse (responded_at)
      - invalid_number: a numeric value was given but does not parse (score)
      - score_out_of_range: score missing or outside 0-10
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('survey', 'nps_response') }} as raw_rows

),

source_without_pii as (

    select * exclude (comment) from source

),

renamed as (

    select
        {{ clean_string('id') }} as nps_response_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('contact_id') }} as contact_id,
        {{ clean_cast('responded_at', 'timestamp') }} as responded_at,
        {{ clean_cast('score', 'integer') }} as score,
        {{ picklist_code('channel') }} as channel,
        {{ is_unparseable('responded_at', 'timestamp') }} as has_invalid_date,
        {{ is_unparseable('score', 'integer') }} as has_invalid_number,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source_without_pii as raw_rows

),

versioned as (

    select
        renamed.*,
        {{ is_latest_version('nps_response_id') }} as is_latest_version,
        {{ has_conflicting_versions('nps_response_id') }} as has_conflicting_versions
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.has_conflicting_versions then 'conflicting_versions'
            when versioned.has_invalid_date then 'invalid_date'
            when versioned.has_invalid_number then 'invalid_number'
            when coalesce(versioned.score not between 0 and 10, true) then 'score_out_of_range'
        end as row_rule
    from versioned

),

final as (

    select
        nps_response_id,
        account_id,
        contact_id,
        responded_at,
        score,
        channel,
        {{ row_disposition('nps_response_id', is_deleted='false') }} as row_disposition,
        {{ row_quarantine_rule('nps_response_id', is_deleted='false') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final

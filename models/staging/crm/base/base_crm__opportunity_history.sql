{#-
    Base of crm.opportunity_history: the only model reading source('crm', 'opportunity_history'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.opportunity_history contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - unknown_opportunity: opportunity id missing or absent from the opportunity extract
      - unknown_stage_name: stage missing or not in opportunity_stage
      - probability_out_of_range: probability outside 0-100
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'opportunity_history') }} as raw_rows

),

opportunity_stages as (

    select * from {{ ref('stg_reference__opportunity_stages') }}

),

opportunities as (

    select
        opportunity_id,
        min(currency_iso_code) as currency_iso_code
    from {{ ref('base_crm__opportunities') }}
    where opportunity_id is not null and row_disposition != 'duplicate_version'
    group by opportunity_id

),

renamed as (

    select
        {{ clean_string('id') }} as opportunity_history_id,
        {{ clean_string('opportunity_id') }} as opportunity_id,
        {{ clean_cast('created_date', 'timestamp') }} as changed_at,
        {{ picklist_code('stage_name') }} as stage_code,
        {{ clean_cast('amount', 'double') }} as amount,
        {{ clean_cast('probability', 'double') }} as probability,
        {{ clean_cast('close_date', 'date') }} as close_date,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'opportunity_history', {
            'created_date': 'timestamp',
            'amount': 'double',
            'probability': 'double',
            'close_date': 'date',
            'system_modstamp': 'timestamp',
            'is_deleted': 'boolean',
        }) }} as value_rule,
        raw_rows.source_row_hash,
        cast(to_json(raw_rows) as varchar) as source_row_json
    from source as raw_rows

),

versioned as (

    select
        renamed.*,
        {{ is_latest_version('opportunity_history_id', 'modified_at') }} as is_latest_version
    from renamed

),

validated as (

    select
        versioned.*,
        (
            select opportunities.currency_iso_code
            from opportunities
            where opportunities.opportunity_id = versioned.opportunity_id
        ) as currency_iso_code,
        case
            when versioned.value_rule is not null then versioned.value_rule
            when
                not exists (
                    select 1 from opportunities
                    where opportunities.opportunity_id = versioned.opportunity_id
                )
                then 'unknown_opportunity'
            when
                not exists (
                    select 1 from opportunity_stages
                    where opportunity_stages.stage_code = versioned.stage_code
                )
                then 'unknown_stage_name'
            when versioned.probability not between 0 and 100 then 'probability_out_of_range'
        end as row_rule
    from versioned

),

final as (

    select
        opportunity_history_id,
        opportunity_id,
        changed_at,
        stage_code,
        amount,
        probability,
        close_date,
        modified_at,
        is_deleted,
        currency_iso_code,
        {{ row_disposition('opportunity_history_id') }} as row_disposition,
        {{ row_quarantine_rule('opportunity_history_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final

{#-
    Base of crm.opportunity: the only model reading source('crm', 'opportunity'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.opportunity contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - unknown_stage_name: stage missing or not in opportunity_stage
      - unknown_opportunity_type: type given but not one of the four contract types
      - unknown_currency: currency missing or without an fx rate for the close month
      - probability_out_of_range: probability outside 0-100
      - close_before_created: close_date before the created date
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'opportunity') }} as raw_rows

),

fx_rates as (

    select * from {{ ref('stg_reference__fx_rates_monthly') }}

),

opportunity_stages as (

    select * from {{ ref('stg_reference__opportunity_stages') }}

),

renamed as (

    select
        {{ clean_string('id') }} as opportunity_id,
        {{ clean_string('account_id') }} as account_id,
        {{ clean_string('owner_id') }} as owner_user_id,
        {{ clean_string('name') }} as opportunity_name,
        {{ picklist_code('type') }} as opportunity_type,
        {{ picklist_code('stage_name') }} as stage_code,
        {{ clean_cast('amount', 'double') }} as amount,
        upper({{ clean_string('currency_iso_code') }}) as currency_iso_code,
        {{ clean_cast('probability', 'double') }} as probability,
        {{ clean_cast('created_date', 'timestamp') }} as created_at,
        {{ clean_cast('close_date', 'date') }} as close_date,
        {{ clean_cast('is_closed', 'boolean') }} as is_closed,
        {{ clean_cast('is_won', 'boolean') }} as is_won,
        {{ clean_string('lead_id_c') }} as lead_id,
        {{ clean_string('campaign_id') }} as campaign_id,
        {{ picklist_code('loss_reason_c') }} as loss_reason,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'opportunity', {
            'amount': 'double',
            'probability': 'double',
            'created_date': 'timestamp',
            'close_date': 'date',
            'is_closed': 'boolean',
            'is_won': 'boolean',
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
        {{ is_latest_version('opportunity_id', 'modified_at') }} as is_latest_version
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.value_rule is not null then versioned.value_rule
            when
                not exists (
                    select 1 from opportunity_stages
                    where opportunity_stages.stage_code = versioned.stage_code
                )
                then 'unknown_stage_name'
            when
                versioned.opportunity_type
                not in ('new_business', 'upsell', 'cross_sell', 'deep_sell')
                then 'unknown_opportunity_type'
            when
                versioned.currency_iso_code is null
                or not exists (
                    select 1 from fx_rates
                    where
                        fx_rates.currency_iso_code = versioned.currency_iso_code
                        and fx_rates.rate_month
                        = cast(date_trunc('month', versioned.close_date) as date)
                )
                then 'unknown_currency'
            when versioned.probability not between 0 and 100 then 'probability_out_of_range'
            when
                versioned.close_date < cast(versioned.created_at as date)
                then 'close_before_created'
        end as row_rule
    from versioned

),

final as (

    select
        opportunity_id,
        account_id,
        owner_user_id,
        opportunity_name,
        opportunity_type,
        stage_code,
        amount,
        currency_iso_code,
        probability,
        created_at,
        close_date,
        is_closed,
        is_won,
        lead_id,
        campaign_id,
        loss_reason,
        modified_at,
        is_deleted,
        {{ row_disposition('opportunity_id') }} as row_disposition,
        {{ row_quarantine_rule('opportunity_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final

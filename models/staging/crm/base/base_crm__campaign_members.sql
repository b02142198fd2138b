{#-
    Base of crm.campaign_member: the only model reading source('crm', 'campaign_member'). Renames to house
    names, casts explicitly, normalises picklists (picklist_code) and classifies every raw
    row exactly once (row_disposition, quarantine_rule: see macros/row_disposition.sql).
    Latest version of an id: highest system_modstamp, ties broken by source_row_hash.
    Row-level rules on the latest version, first failing wins:
      - invalid_date, implausible_date, invalid_number, implausible_number, invalid_boolean:
        a typed column of the crm.campaign_member contract does not parse or is out of the plausible range
        (macros/contract_value_rule.sql, bounds in macros/plausibility_bounds.sql)
      - unknown_campaign: campaign id missing or absent from the campaign extract
-#}

with

source as (

    select
        raw_rows.*,
        md5(cast(raw_rows as varchar)) as source_row_hash
    from {{ source('crm', 'campaign_member') }} as raw_rows

),

campaigns as (

    select campaign_id
    from {{ ref('base_crm__campaigns') }}
    where campaign_id is not null and row_disposition != 'duplicate_version'
    group by campaign_id

),

renamed as (

    select
        {{ clean_string('id') }} as campaign_member_id,
        {{ clean_string('campaign_id') }} as campaign_id,
        {{ clean_string('lead_id') }} as lead_id,
        {{ clean_string('contact_id') }} as contact_id,
        {{ clean_cast('created_date', 'timestamp') }} as contacted_at,
        {{ clean_cast('step_c', 'integer') }} as step_number,
        {{ clean_cast('has_responded', 'boolean') }} as has_responded,
        {{ clean_cast('first_responded_date', 'date') }} as first_responded_date,
        {{ clean_cast('system_modstamp', 'timestamp') }} as modified_at,
        coalesce({{ clean_cast('is_deleted', 'boolean') }}, false) as is_deleted,
        {{ contract_value_rule('crm', 'campaign_member', {
            'created_date': 'timestamp',
            'step_c': 'integer',
            'has_responded': 'boolean',
            'first_responded_date': 'date',
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
        {{ is_latest_version('campaign_member_id', 'modified_at') }} as is_latest_version
    from renamed

),

validated as (

    select
        versioned.*,
        case
            when versioned.value_rule is not null then versioned.value_rule
            when
                not exists (
                    select 1 from campaigns
                    where campaigns.campaign_id = versioned.campaign_id
                )
                then 'unknown_campaign'
        end as row_rule
    from versioned

),

final as (

    select
        campaign_member_id,
        campaign_id,
        lead_id,
        contact_id,
        contacted_at,
        step_number,
        has_responded,
        first_responded_date,
        modified_at,
        is_deleted,
        {{ row_disposition('campaign_member_id') }} as row_disposition,
        {{ row_quarantine_rule('campaign_member_id') }} as quarantine_rule,
        source_row_hash,
        source_row_json
    from validated

)

select * from final

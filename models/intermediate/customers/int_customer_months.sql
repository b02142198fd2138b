{#- Customer status at every month end (EOM) of int_month_spine, from the month of the
    account's first contract start on. Active = a contract covers EOM
    (start_date <= EOM and (end_date null or end_date >= EOM)). A cancelled or expired
    contract still covers the months up to its end_date: its status only says how it ended.
    Draft contracts were never in force and are ignored (none in the demo data); so are
    contracts whose end_date lies before their start_date (never in force). -#}
with

contracts as (

    select * from {{ ref('stg_crm__contracts') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

valid_contracts as (

    select
        contract_id,
        account_id,
        start_date,
        end_date,
        contract_status,
        mrr,
        currency_iso_code,
        cancellation_reason
    from contracts
    where
        coalesce(contract_status, '') != 'draft'
        and (end_date is null or end_date >= start_date)

),

account_starts as (

    select
        account_id,
        min(start_date) as first_contract_start_date
    from valid_contracts
    group by account_id

),

account_months as (

    select
        account_starts.account_id,
        account_starts.first_contract_start_date,
        month_spine.period_month,
        month_spine.month_end_date,
        cast(month_spine.period_month - interval 1 day as date) as prev_month_end_date
    from account_starts
    inner join month_spine
        on account_starts.first_contract_start_date <= month_spine.month_end_date

),

covering_contracts as (

    select
        account_months.account_id,
        account_months.period_month,
        count(*) as n_covering_contracts,
        -- MRR at EOM converted at the rate of that month, so a CHF contract's EUR MRR
        -- moves with the exchange rate although its CHF amount is fixed
        sum(
            {{ to_eur(
                'valid_contracts.mrr',
                'valid_contracts.currency_iso_code',
                'account_months.period_month'
            ) }}
        ) as mrr_eur
    from account_months
    inner join valid_contracts
        on
            account_months.account_id = valid_contracts.account_id
            and account_months.month_end_date >= valid_contracts.start_date
            and (
                valid_contracts.end_date is null
                or account_months.month_end_date <= valid_contracts.end_date
            )
    group by
        account_months.account_id,
        account_months.period_month

),

-- contracts in force at the previous EOM that ended before this EOM: the reason an
-- account churns; an expired contract without a cancellation reason counts as expired
ended_contracts as (

    select
        account_months.account_id,
        account_months.period_month,
        arg_max(
            coalesce(
                valid_contracts.cancellation_reason,
                case when valid_contracts.contract_status = 'expired' then 'contract_expired' end,
                'unknown'
            ),
            valid_contracts.mrr
        ) as ended_contract_reason
    from account_months
    inner join valid_contracts
        on
            account_months.account_id = valid_contracts.account_id
            and account_months.prev_month_end_date >= valid_contracts.start_date
            and account_months.prev_month_end_date <= valid_contracts.end_date
            and account_months.month_end_date > valid_contracts.end_date
    group by
        account_months.account_id,
        account_months.period_month

),

statuses as (

    select
        account_months.account_id,
        account_months.period_month,
        account_months.month_end_date,
        account_months.first_contract_start_date,
        ended_contracts.ended_contract_reason,
        covering_contracts.n_covering_contracts is not null as is_active,
        coalesce(covering_contracts.mrr_eur, 0) as mrr_eur
    from account_months
    left join covering_contracts
        on
            account_months.account_id = covering_contracts.account_id
            and account_months.period_month = covering_contracts.period_month
    left join ended_contracts
        on
            account_months.account_id = ended_contracts.account_id
            and account_months.period_month = ended_contracts.period_month

),

with_history as (

    select
        account_id,
        period_month,
        month_end_date,
        first_contract_start_date,
        is_active,
        mrr_eur,
        ended_contract_reason,
        coalesce(
            lag(is_active) over (partition by account_id order by period_month), false
        ) as was_active_prev_eom,
        coalesce(
            lag(mrr_eur) over (partition by account_id order by period_month), 0
        ) as mrr_eur_prev_eom,
        coalesce(
            bool_or(is_active) over (
                partition by account_id
                order by period_month
                rows between unbounded preceding and 1 preceding
            ),
            false
        ) as was_active_before
    from statuses

),

final as (

    select
        account_id,
        period_month,
        month_end_date,
        first_contract_start_date,
        is_active,
        was_active_prev_eom,
        mrr_eur,
        mrr_eur_prev_eom,
        -- calendar months from the first contract start to EOM: 0 in the start month
        case
            when is_active then date_diff('month', first_contract_start_date, month_end_date)
        end as tenure_months,
        was_active_prev_eom and not is_active as is_churned,
        is_active and not was_active_prev_eom and was_active_before as is_reactivated,
        is_active and not was_active_before as is_new,
        case
            when was_active_prev_eom and not is_active then ended_contract_reason
        end as churn_reason
    from with_history

)

select * from final

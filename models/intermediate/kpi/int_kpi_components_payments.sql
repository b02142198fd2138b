{#- Payments family (kpis.md "payments"), rep = account owner, region = account's region
    (else the owner's home region); credit notes are excluded from every payment KPI.
    lead_to_cash_days is attributed to the account owner as well (the family's rep in
    kpis.md), not the opportunity owner. on_time_payment_rate counts an invoice only once
    its due date has passed the data as-of date: before that its outcome is not known. -#}
with

invoice_payment_states as (

    select * from {{ ref('int_invoice_payment_state') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

accounts as (

    select * from {{ ref('int_accounts_attributed') }}

),

month_spine as (

    select * from {{ ref('int_month_spine') }}

),

data_as_of as (

    select max(data_as_of_date) as data_as_of_date
    from month_spine

),

invoices as (

    select
        invoice_payment_states.invoice_id,
        invoice_payment_states.opportunity_id,
        invoice_payment_states.invoice_date,
        invoice_payment_states.due_date,
        invoice_payment_states.fully_paid_date,
        invoice_payment_states.is_paid_by_due_date,
        invoice_payment_states.days_to_payment,
        accounts.region_code,
        accounts.owner_user_id as rep_id
    from invoice_payment_states
    inner join accounts
        on invoice_payment_states.account_id = accounts.account_id
    where not invoice_payment_states.is_credit_note

),

days_to_payment as (

    select
        cast(date_trunc('month', fully_paid_date) as date) as period_month,
        'avg_days_to_payment' as kpi_code,
        region_code,
        rep_id,
        sum(days_to_payment) as numerator,
        count(*) as denominator,
        sum(days_to_payment * days_to_payment) as sum_sq
    from invoices
    where fully_paid_date is not null
    group by
        cast(date_trunc('month', fully_paid_date) as date),
        region_code,
        rep_id

),

on_time_payment as (

    select
        cast(date_trunc('month', invoices.due_date) as date) as period_month,
        'on_time_payment_rate' as kpi_code,
        invoices.region_code,
        invoices.rep_id,
        count(*) filter (where invoices.is_paid_by_due_date) as numerator,
        count(*) as denominator,
        count(*) filter (where invoices.is_paid_by_due_date) as sum_sq
    from invoices
    cross join data_as_of
    where invoices.due_date < data_as_of.data_as_of_date
    group by
        cast(date_trunc('month', invoices.due_date) as date),
        invoices.region_code,
        invoices.rep_id

),

-- first invoice of each opportunity: earliest invoice date, lowest id on a tie
first_invoices as (

    select
        opportunity_id,
        arg_min(fully_paid_date, struct_pack(invoice_date, invoice_id)) as fully_paid_date
    from invoices
    where opportunity_id is not null
    group by opportunity_id

),

lead_to_cash_facts as (

    select
        first_invoices.fully_paid_date,
        accounts.region_code,
        accounts.owner_user_id as rep_id,
        date_diff(
            'day',
            cast(coalesce(leads.created_at, opportunities.created_at) as date),
            first_invoices.fully_paid_date
        ) as lead_to_cash_days
    from opportunities
    inner join first_invoices
        on opportunities.opportunity_id = first_invoices.opportunity_id
    inner join accounts
        on opportunities.account_id = accounts.account_id
    left join leads
        on opportunities.lead_id = leads.lead_id
    where
        opportunities.is_won
        and first_invoices.fully_paid_date is not null

),

lead_to_cash as (

    select
        cast(date_trunc('month', fully_paid_date) as date) as period_month,
        'lead_to_cash_days' as kpi_code,
        region_code,
        rep_id,
        sum(lead_to_cash_days) as numerator,
        count(*) as denominator,
        sum(lead_to_cash_days * lead_to_cash_days) as sum_sq
    from lead_to_cash_facts
    group by
        cast(date_trunc('month', fully_paid_date) as date),
        region_code,
        rep_id

),

final as (

    {{ kpi_components(['days_to_payment', 'on_time_payment', 'lead_to_cash']) }}

)

select * from final

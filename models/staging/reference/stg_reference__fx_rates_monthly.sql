{#-
    Monthly fx rates, one row per (rate_month, currency_iso_code), EUR included at 1.0.
    Every lookup must hit, so the months are a gap-free spine per currency:
      - from var fx_backfill_from_month (default 2000-01-01) or the first published month,
        whichever is earlier: months before a currency's first published rate take that
        first rate (an approximation, better than losing the record);
      - to 24 months after the current month (or the last published month if later):
        months after the last published rate carry it forward (open pipeline, future
        close dates).
    A month with a published rate always uses it.
-#}
with

fx_rate_monthly as (

    select * from {{ ref('fx_rate_monthly') }}

),

published as (

    select
        cast(date_trunc('month', cast(fx_rate_monthly.month as date)) as date) as rate_month,
        upper({{ clean_string('fx_rate_monthly.currency_iso_code') }}) as currency_iso_code,
        cast(fx_rate_monthly.eur_per_unit as double) as eur_per_unit
    from fx_rate_monthly
    where upper({{ clean_string('fx_rate_monthly.currency_iso_code') }}) != 'EUR'

),

bounds as (

    select
        least(
            min(rate_month),
            cast('{{ var("fx_backfill_from_month", "2000-01-01") }}' as date)
        ) as first_month,
        greatest(
            max(rate_month),
            cast(date_trunc('month', current_date) + interval 24 month as date)
        ) as last_month
    from published

),

months as (

    select
        cast(
            unnest(generate_series(first_month, last_month, interval 1 month)) as date
        ) as rate_month
    from bounds

),

currencies as (

    select distinct currency_iso_code from published

),

spine as (

    select
        months.rate_month,
        currencies.currency_iso_code
    from months
    cross join currencies

),

filled as (

    select
        spine.rate_month,
        spine.currency_iso_code,
        coalesce(
            -- the latest published rate on or before the month (forward fill) ...
            (
                select p.eur_per_unit
                from published as p
                where
                    p.currency_iso_code = spine.currency_iso_code
                    and p.rate_month <= spine.rate_month
                order by p.rate_month desc
                limit 1
            ),
            -- ... else the first published rate (back fill before the first month)
            (
                select p.eur_per_unit
                from published as p
                where p.currency_iso_code = spine.currency_iso_code
                order by p.rate_month asc
                limit 1
            )
        ) as eur_per_unit
    from spine

),

euro as (

    select
        rate_month,
        'EUR' as currency_iso_code,
        1.0 as eur_per_unit
    from months

),

final as (

    select
        rate_month,
        currency_iso_code,
        eur_per_unit
    from filled
    union all
    select
        rate_month,
        currency_iso_code,
        eur_per_unit
    from euro

)

select * from final

{#- Convert amount in currency_iso_code to EUR at the monthly rate of the month containing
    month_date (any date of the month). A scalar subquery on stg_reference__fx_rates_monthly,
    which has exactly one rate per (rate_month, currency) and is forward-filled, so the same
    macro converts at any month (the record's own or a reporting month). Null when the
    currency or month has no rate (staging quarantines such rows: unknown_currency).
    Pass table-qualified columns (e.g. 'signed.currency_iso_code'): an unqualified name would
    bind to the fx table's own column inside the subquery. -#}
{% macro to_eur(amount, currency_iso_code, month_date) -%}
    (
        {{ amount }} * (
            select fx.eur_per_unit
            from {{ ref('stg_reference__fx_rates_monthly') }} as fx
            where
                fx.currency_iso_code = {{ currency_iso_code }}
                and fx.rate_month = cast(date_trunc('month', {{ month_date }}) as date)
        )
    )
{%- endmacro %}

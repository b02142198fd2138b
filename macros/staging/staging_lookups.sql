{#- Row-rule helpers shared by the base models (macros/staging/staging_base.sql). -#}

{#- True when a staged currency has no monthly fx rate for the month of month_date (or is
    missing): the test behind the quarantine rule unknown_currency. Pass table-qualified
    columns (e.g. 'versioned.currency_iso_code'). -#}
{% macro has_no_fx_rate(currency_iso_code, month_date) -%}
    (
        {{ currency_iso_code }} is null
        or not exists (
            select 1 from {{ ref('stg_reference__fx_rates_monthly') }} as fx_rates
            where
                fx_rates.currency_iso_code = {{ currency_iso_code }}
                and fx_rates.rate_month = cast(date_trunc('month', {{ month_date }}) as date)
        )
    )
{%- endmacro %}

{#- The ids a parent base model knows (every id with a current row: staged, soft-deleted or
    quarantined, duplicate versions left out), one row per id, with the smallest value of each
    carried column: the body of a lookup CTE for rules such as unknown_campaign. -#}
{% macro current_ids(base_model, id_column, carry=[]) -%}
    select
        {{ id_column }}
        {%- for column in carry %},
        min({{ column }}) as {{ column }}
        {%- endfor %}
    from {{ ref(base_model) }}
    where {{ id_column }} is not null and row_disposition != 'duplicate_version'
    group by {{ id_column }}
{%- endmacro %}

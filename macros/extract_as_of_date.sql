{#- The extract's cut-off given by the user: dbt var as_of_date (env CRM_KPI_AS_OF,
    `make build AS_OF=YYYY-MM-DD`), or none when empty (the spine then derives it from the
    data). Returns a SQL date literal or none; a malformed value stops the build with one line. -#}
{% macro extract_as_of_date() -%}
    {%- set as_of_date = (var('as_of_date', '') or '') | string | trim -%}
    {%- if not as_of_date -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of_date) -%}
        {{ exceptions.raise_compiler_error(
            "as_of_date '" ~ as_of_date ~ "' (dbt var as_of_date, env CRM_KPI_AS_OF, "
            ~ "make build AS_OF=...): expected a date YYYY-MM-DD, e.g. 2026-04-01"
        ) }}
    {%- endif -%}
    {{ return("date '" ~ as_of_date ~ "'") }}
{%- endmacro %}

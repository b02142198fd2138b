{#- Fails for every value that looks like an e-mail address (contains @): display columns such
    as dim_rep.rep_name may hold a person's name, never an e-mail. -#}
{% test no_email_address(model, column_name) %}

    select {{ column_name }} as email_like_value
    from {{ model }}
    where {{ column_name }} like '%@%'

{% endtest %}

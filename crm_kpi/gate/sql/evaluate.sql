{#-
    One aggregate query evaluates a whole suite in one scan of the relation: per expectation
    (predicate i) the count of unexpected rows and the first failing row numbers; per group of
    flags that share a rule (unions) the same over the union, and the distinct ids it spans.
-#}
select
    count(*) as n
    {% for i in predicate_ids %}
    , count(*) filter (where f{{ i }}) as n{{ i }}
    , min({{ row }}, {{ partial }}) filter (where f{{ i }}) as r{{ i }}
    {% endfor %}
    {% for names in unions %}
    {% set union = names | join(' or ') %}
    , count(*) filter (where {{ union }}) as gn{{ loop.index0 }}
    , min({{ row }}, {{ partial }}) filter (where {{ union }}) as gr{{ loop.index0 }}
    {% if distinct_ids %}
    , count(distinct {{ helper }}id) filter (where {{ union }}) as gd{{ loop.index0 }}
    {% endif %}
    {% endfor %}
from (
    select
        {{ row }}
        {% if distinct_ids %}
        , {{ helper }}id
        {% endif %}
        {% for name, predicate in flags %}
        , ({{ predicate }}) as {{ name }}
        {% else %}
        , true as f
        {% endfor %}
    from ({{ relation }})
)

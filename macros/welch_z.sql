{#- Standard error of the change in a mean between two windows (Welch), from each window's n,
    Σx and Σx²: variance s² = (Σx² − (Σx)² / n) / (n − 1) in the KPI's scale (× scale²),
    SE = √(s₁²/n₁ + s₂²/n₂). Null when a window has fewer than 2 observations. -#}
{% macro welch_se(n_before, sum_before, sum_sq_before, n_after, sum_after, sum_sq_after, scale) -%}
    (
        case
            when {{ n_before }} >= 2 and {{ n_after }} >= 2
                then
                    sqrt(
                        greatest(
                            ({{ sum_sq_before }} - {{ sum_before }} * {{ sum_before }} / {{ n_before }})
                            / ({{ n_before }} - 1),
                            0
                        )
                        * {{ scale }} * {{ scale }} / {{ n_before }}
                        + greatest(
                            ({{ sum_sq_after }} - {{ sum_after }} * {{ sum_after }} / {{ n_after }})
                            / ({{ n_after }} - 1),
                            0
                        )
                        * {{ scale }} * {{ scale }} / {{ n_after }}
                    )
        end
    )
{%- endmacro %}

{#- Welch's z statistic of the change in a mean between two windows (before_after.md), from
    each window's n, Σx and Σx²: mean = Σx / n, z = (mean₂ − mean₁) × scale / welch_se.
    Window 1 = before, 2 = after, so z > 0 means the mean rose. Null when a window has fewer
    than 2 observations or both variances are 0. tests/python/test_statistics.py checks it
    against scipy.stats.ttest_ind(equal_var=False). -#}
{% macro welch_z(n_before, sum_before, sum_sq_before, n_after, sum_after, sum_sq_after, scale) -%}
    (
        case
            when {{ n_before }} >= 2 and {{ n_after }} >= 2
                then
                    (
                        {{ safe_divide(sum_after, n_after) }}
                        - {{ safe_divide(sum_before, n_before) }}
                    )
                    * {{ scale }}
                    / nullif(
                        {{ welch_se(
                            n_before, sum_before, sum_sq_before,
                            n_after, sum_after, sum_sq_after, scale
                        ) }},
                        0
                    )
        end
    )
{%- endmacro %}

{#- Two-sided p-value of a standard-normal test statistic z: P(|Z| ≥ |z|) = erfc(|z| / √2).
    DuckDB has no erf/erfc and no normal CDF, so erfc is the Chebyshev fit of Numerical
    Recipes (§6.2, `erfcc`, with x = |z| / √2 and t = 1 / (1 + x / 2)): fractional error below
    1.2e-7 for every argument, so it stays accurate in the far tail where the tiny p-values of
    a Benjamini-Hochberg ranking live. tests/python/test_statistics.py checks it against
    scipy.stats.norm.sf. Capped at 1; null for a null z. -#}
{% macro normal_p_value(z) -%}
    {%- set x -%}(abs(cast({{ z }} as double)) / sqrt(2)){%- endset -%}
    {%- set t -%}(1.0 / (1.0 + 0.5 * {{ x }})){%- endset -%}
    case when {{ z }} is not null then least(
        1.0,
        {{ t }} * exp(
            -{{ x }} * {{ x }} - 1.26551223
            + {{ t }} * (1.00002368
                + {{ t }} * (0.37409196
                    + {{ t }} * (0.09678418
                        + {{ t }} * (-0.18628806
                            + {{ t }} * (0.27886807
                                + {{ t }} * (-1.13520398
                                    + {{ t }} * (1.48851587
                                        + {{ t }} * (-0.82215223
                                            + {{ t }} * 0.17087277))))))))
        )
    ) end
{%- endmacro %}

"""`make report`: the CRM verdict as one self-contained HTML page for people who decide.

Reads the published warehouse read-only, draws the headline KPIs, the ROI, CRM usage and the
data quality of the build, and writes the plain-language findings next to the charts.
Run it as ``python -m crm_kpi.report``.
"""

{#- The raw extract tables staging classifies: [system, source table, entity of the base
    model base_<system>__<entity>]. One list shared by the reconciliation models, so a new
    source table is added to the audit in one place. -#}
{% macro staging_extract_tables() -%}
    {{ return([
        ['crm', 'user', 'users'],
        ['crm', 'account', 'accounts'],
        ['crm', 'contact', 'contacts'],
        ['crm', 'lead', 'leads'],
        ['crm', 'opportunity', 'opportunities'],
        ['crm', 'opportunity_history', 'opportunity_history'],
        ['crm', 'task', 'tasks'],
        ['crm', 'event', 'events'],
        ['crm', 'campaign', 'campaigns'],
        ['crm', 'campaign_member', 'campaign_members'],
        ['crm', 'case', 'cases'],
        ['crm', 'case_milestone', 'case_milestones'],
        ['crm', 'contract', 'contracts'],
        ['crm', 'login_history', 'login_history'],
        ['erp', 'invoice', 'invoices'],
        ['erp', 'payment', 'payments'],
        ['erp', 'service_cost', 'service_costs'],
        ['survey', 'nps_response', 'nps_responses'],
        ['hr', 'pulse_response', 'pulse_responses'],
        ['finance', 'crm_cost', 'crm_costs'],
        ['finance', 'crm_budget', 'crm_budgets'],
        ['finance', 'crm_milestone', 'crm_milestones'],
    ]) }}
{%- endmacro %}

"""Build aside, publish atomically: ``python -m crm_kpi.build`` (``make build``).

* ``cli``: the orchestrator (options, stages, exit codes);
* ``lock``: one build at a time (an OS lock the kernel releases when the process dies);
* ``folders``: build ids, build folders, their status, the ``latest`` link and pruning;
* ``serving``: the serving file BI tools open (marts, baseline, row audit, quarantine
  summary, descriptions, build metadata), written from a finished build and swapped onto the
  published path with one ``os.replace``.
"""

"""crm_kpi: the project's Python package.

Subpackages: ``gate`` (the extract gate), ``build`` (build aside, publish atomically),
``demo_data`` (the demo extract generator), ``baseline`` (freeze and verify the IST
baseline), ``report`` (the verdict page); modules
``contract`` (the raw extract contract read from the dbt source YAML) and ``io`` (atomic
directory swap). Run from the project root as ``python -m crm_kpi.<subpackage>``.
"""

from pathlib import Path

#: The dbt project root (this package lives directly below it).
PROJECT_DIR = Path(__file__).resolve().parents[1]

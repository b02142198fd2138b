"""SQL templates shipped with the package (``crm_kpi/<module>/sql/*.sql``).

Python keeps names and values; the SQL text lives in ``.sql`` files next to the module that
runs it, loaded with importlib.resources. A template is rendered with Jinja2: identifiers and
literals are quoted by the caller (the ``quoted``/``literal`` helpers) before they are passed
in, so the template only places them.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jinja2

_ENVIRONMENT = jinja2.Environment(
    autoescape=False,  # SQL, not HTML: values arrive already quoted
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=False,
    trim_blocks=True,
    lstrip_blocks=True,
)


@cache
def load(package: str, name: str) -> str:
    """Return the text of ``<package>/sql/<name>.sql`` (e.g. ``load("crm_kpi.build", "meta")``)."""
    return files(package).joinpath("sql", f"{name}.sql").read_text(encoding="utf-8").strip()


@cache
def _template(package: str, name: str) -> jinja2.Template:
    return _ENVIRONMENT.from_string(load(package, name))


def render(package: str, name: str, **values: Any) -> str:
    """Render the template ``<package>/sql/<name>.sql`` with already-quoted values."""
    return _template(package, name).render(**values).strip()

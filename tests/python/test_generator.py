"""Tests of the demo generator (crm_kpi.demo_data): contract, determinism, oracle. No dbt."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from crm_kpi.demo_data.cli import main
from crm_kpi.demo_data.writer import raw_schemas

PROJECT_DIR = Path(__file__).resolve().parents[2]
KPI_CODES = {
    "win_rate",
    "avg_first_response_hours",
    "crm_active_user_rate",
    "crm_login_days_per_user",
    "nps",
    "sla_first_response_compliance",
    "avg_sales_cycle_days",
}


def contract() -> dict[str, list[str]]:
    """Return {"system.table": [columns]} from the dbt source YAML files."""
    out: dict[str, list[str]] = {}
    for path in sorted((PROJECT_DIR / "models" / "staging").glob("*/_*__sources.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in doc.get("sources", []):
            for table in source.get("tables", []):
                out[f"{source['name']}.{table['name']}"] = [c["name"] for c in table["columns"]]
    return out


def run(out: Path, *extra: str) -> None:
    """Run the generator's main() into out (reference seeds into out/reference)."""
    rc = main(["--out", str(out), "--reference-dir", str(out / "reference"), *extra])
    assert rc == 0


def digest(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under folder, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def csv_half(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generate a CSV extract set at scale 0.5 with the reference seeds."""
    out = tmp_path_factory.mktemp("csv_half")
    run(out, "--scale", "0.5", "--write-reference")
    return out


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    run(tmp_path / "a", "--scale", "0.1", "--seed", "7")
    run(tmp_path / "b", "--scale", "0.1", "--seed", "7")
    first, second = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert first and first == second


def test_other_seed_gives_other_data(tmp_path: Path) -> None:
    run(tmp_path / "a", "--scale", "0.1", "--seed", "1")
    run(tmp_path / "b", "--scale", "0.1", "--seed", "2")
    a = (tmp_path / "a" / "crm" / "opportunity.csv").read_bytes()
    b = (tmp_path / "b" / "crm" / "opportunity.csv").read_bytes()
    assert a != b


def test_every_source_table_has_exactly_the_contract_columns(csv_half: Path) -> None:
    tables = contract()
    assert len(tables) >= 22
    for key, columns in tables.items():
        system, table = key.split(".")
        path = csv_half / system / f"{table}.csv"
        assert path.exists(), f"missing {path}"
        header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert header == columns, key
        assert len(pd.read_csv(path)) > 0, key


def test_generator_schema_mirrors_the_source_yaml() -> None:
    assert {k: [c for c, _ in v] for k, v in raw_schemas().items()} == contract()


def test_reference_seeds(csv_half: Path) -> None:
    ref = csv_half / "reference"
    rollout = pd.read_csv(ref / "crm_rollout.csv")
    assert "de_east" not in set(rollout["region_code"])
    assert len(rollout) == 5
    stages = pd.read_csv(ref / "opportunity_stage.csv")
    assert list(stages.columns) == [
        "stage_name",
        "sort_order",
        "is_closed",
        "is_won",
        "default_probability",
    ]
    fx = pd.read_csv(ref / "fx_rate_monthly.csv")
    assert set(fx["currency_iso_code"]) == {"EUR", "CHF", "USD", "GBP"}
    assert (fx.loc[fx["currency_iso_code"] == "EUR", "eur_per_unit"] == 1.0).all()
    regions = pd.read_csv(ref / "region_mapping.csv", keep_default_na=False)
    assert set(regions["region_code"]) == {"de_north", "de_south", "de_west", "de_east", "at", "ch"}
    assert not (ref / "kpi_target.csv").exists()


def test_planted_effects_file(csv_half: Path) -> None:
    oracle = json.loads((csv_half / "planted_effects.json").read_text(encoding="utf-8"))
    assert oracle["control_regions"] == ["de_east"]
    assert "de_east" not in oracle["rollout"]
    assert {e["kpi_code"] for e in oracle["effects"]} >= KPI_CODES
    for effect in oracle["effects"]:
        assert "de_east" not in effect["regions"]
        assert effect["before"] != effect["after"]
    defects = oracle["planted_defects"]
    assert len({d["table"] for d in defects}) >= 6
    nps = pd.read_csv(csv_half / "survey" / "nps_response.csv")
    bad = {d["id"] for d in defects if d["table"] == "survey.nps_response"}
    assert set(nps.loc[~nps["score"].between(0, 10), "id"]) == bad


def _latest(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    df = df.sort_values(["id", "system_modstamp"]).drop_duplicates("id", keep="last")
    return df[~df["is_deleted"]]


def test_win_rate_effect_is_visible_in_the_raw_rows(csv_half: Path) -> None:
    oracle = json.loads((csv_half / "planted_effects.json").read_text(encoding="utf-8"))
    effect = next(e for e in oracle["effects"] if e["kpi_code"] == "win_rate")
    regions = pd.read_csv(csv_half / "reference" / "region_mapping.csv", keep_default_na=False)
    accounts = _latest(csv_half / "crm" / "account.csv").fillna({"billing_state_code": ""})
    accounts = accounts.merge(
        regions,
        left_on=["billing_country_code", "billing_state_code"],
        right_on=["country_code", "state_code"],
    )
    opps = _latest(csv_half / "crm" / "opportunity.csv")
    opps = opps[opps["is_closed"]].merge(
        accounts[["id", "region_code"]].rename(columns={"id": "account_id"})
    )
    opps = opps[opps["region_code"] == "de_south"]
    month = pd.to_datetime(opps["close_date"]).dt.to_period("M")
    won = opps["stage_name"].str.strip().str.lower().eq("closed won")
    go_live = pd.Period(oracle["rollout"]["de_south"], "M")
    before = won[(month >= go_live - 12) & (month < go_live)]
    after = won[(month >= pd.Period("2025-11", "M")) & (month <= pd.Period("2026-10", "M"))]
    assert len(before) >= 60 and len(after) >= 60
    assert abs(100 * before.mean() - effect["before"]) < 10
    assert abs(100 * after.mean() - effect["after"]) < 10
    assert after.mean() > before.mean()


def test_parquet_has_the_same_columns(tmp_path: Path) -> None:
    run(tmp_path, "--scale", "0.2", "--format", "parquet")
    for key, columns in contract().items():
        system, table = key.split(".")
        schema = pq.read_schema(tmp_path / system / f"{table}.parquet")
        assert schema.names == columns, key
    assert not (tmp_path / "reference").exists()


def test_bad_as_of_is_one_clear_error(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--as-of", "20-11-2026"]) == 2

"""Load the reference data in data/ (municipalities, localities, taxonomy, categories).

The functions take the model classes as arguments so the data migrations can
call them with historical models and the management command with today's.
Loading is idempotent: rows are matched on their stable codes, inserted when
missing and updated when a name or coordinate changed. Nothing is deleted.
"""

import csv
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model, objects: list, *, unique: list[str], update: list[str]) -> None:
    model.objects.bulk_create(
        objects, batch_size=500, update_conflicts=True, unique_fields=unique, update_fields=update
    )


def load_municipalities(County, Municipality, Locality) -> dict[str, int]:
    municipality_rows = _rows("municipalities.csv")
    counties = {row["county_code"]: row["county_name"] for row in municipality_rows}
    _upsert(
        County,
        [County(code=code, name=name) for code, name in sorted(counties.items())],
        unique=["code"],
        update=["name"],
    )
    county_ids = dict(County.objects.values_list("code", "id"))
    _upsert(
        Municipality,
        [
            Municipality(code=r["code"], name=r["name"], county_id=county_ids[r["county_code"]])
            for r in municipality_rows
        ],
        unique=["code"],
        update=["name", "county"],
    )
    municipality_ids = dict(Municipality.objects.values_list("code", "id"))
    locality_rows = _rows("localities.csv")
    _upsert(
        Locality,
        [
            Locality(
                municipality_id=municipality_ids[r["municipality_code"]],
                name=r["name"],
                kind="tatort",
                latitude=Decimal(r["latitude"]),
                longitude=Decimal(r["longitude"]),
                population=int(r["population"]) if r["population"] else None,
                population_year=int(r["population_year"]) if r["population_year"] else None,
                scb_code=r["scb_code"],
            )
            for r in locality_rows
        ],
        unique=["scb_code"],
        update=["name", "latitude", "longitude", "population", "population_year"],
    )
    return {"counties": len(counties), "municipalities": len(municipality_rows), "localities": len(locality_rows)}


def load_taxonomy(Skill, Category) -> dict[str, int]:
    skill_rows = _rows("skills.csv")
    _upsert(
        Skill,
        [
            Skill(
                concept_id=r["concept_id"],
                kind=r["type"],
                label_sv=r["preferred_label_sv"],
                label_en=r["preferred_label_en"],
                ssyk_code=r["ssyk_code"],
            )
            for r in skill_rows
        ],
        unique=["concept_id"],
        update=["kind", "label_sv", "label_en", "ssyk_code"],
    )
    # Link each concept to its broader one in a second pass, once all exist.
    ids = dict(Skill.objects.values_list("concept_id", "id"))
    linked = [
        Skill(id=ids[r["concept_id"]], broader_id=ids[r["broader_concept_id"]])
        for r in skill_rows
        if r["broader_concept_id"] in ids
    ]
    Skill.objects.bulk_update(linked, ["broader"], batch_size=500)

    category_rows = _rows("categories.csv")
    _upsert(
        Category,
        [
            Category(
                slug=r["slug"],
                name_sv=r["name_sv"],
                name_en=r["name_en"],
                occupation_field_id=ids.get(r["occupation_field"]),
                position=position,
            )
            for position, r in enumerate(category_rows)
        ],
        unique=["slug"],
        update=["name_sv", "name_en", "occupation_field", "position"],
    )
    return {"skills": len(skill_rows), "categories": len(category_rows)}


def load_all() -> dict[str, int]:
    from assignments.models import Category, Skill
    from municipalities.models import County, Locality, Municipality

    counts = load_municipalities(County, Municipality, Locality)
    counts.update(load_taxonomy(Skill, Category))
    return counts

"""Create the dbt staging files for a source declared in syncctl.yml that has none yet.

A new source is one entry in syncctl.yml: on the next run syncctl writes
`models/staging/<source>/stg_<source>__customers.sql` (a call of the `stage_source` macro, which
applies the mapping) and its two YAML files. Existing files are never overwritten, so an analyst can
replace the macro call with a hand-written model.
"""

from __future__ import annotations

from pathlib import Path

_MODEL = """\
{{#-
    Staging for the `{name}` source: its `columns:` mapping in syncctl.yml, applied by the
    stage_source macro. Created by syncctl; to hand-write this model, replace the macro call with
    your own select that returns the same columns.
-#}}
{{{{ stage_source('{name}') }}}}
"""

_SOURCES = """\
version: 2

sources:
  - name: {name}
    description: "Extracts of the {name} system, landed by `syncctl land` (all columns as text)."
    schema: raw
    tables:
      - name: customers
        identifier: {name}
        description: "One row per landed row of a {name} file, with _batch_id, _source_file, _row_number, _loaded_at."
"""

_MODELS = """\
version: 2

models:
  - name: stg_{name}__customers
    description: "One row per landed {name} row, mapped onto the canonical columns by syncctl.yml."
    columns:
      - name: landed_row_id
        description: "The identity of one landed row: its batch (global across sources) * 2^32 + its row number."
        data_tests:
          - primary_key
      - name: source_record_id
        description: "The source's primary key as text (null rows are rejected downstream)."
"""


def staging_files(models_dir: Path, name: str) -> dict[Path, str]:
    folder = models_dir / "staging" / name
    return {
        folder / f"stg_{name}__customers.sql": _MODEL.format(name=name),
        folder / f"_{name}__sources.yml": _SOURCES.format(name=name),
        folder / f"_{name}__models.yml": _MODELS.format(name=name),
    }


def scaffold_sources(project_dir: Path, source_names: list[str]) -> list[Path]:
    """Write the missing staging files for these sources; return the files created."""
    created: list[Path] = []
    for name in source_names:
        folder = project_dir / "models" / "staging" / name
        if folder.exists() and any(folder.glob("*.sql")):
            continue
        for path, text in staging_files(project_dir / "models", name).items():
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                created.append(path)
    return created

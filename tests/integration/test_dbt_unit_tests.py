"""The dbt unit tests (cleansing macros specified by input and expected rows) pass.

`syncctl build` skips them, as dbt recommends for production runs; they run here, after a build of
the demo has created the incremental models they read their column types from.
"""

from __future__ import annotations

import pytest

from syncctl.build import run_build, run_dbt
from syncctl.project import Project
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration


def test_every_dbt_unit_test_passes(small_project):
    project = Project.load(REPO_ROOT, small_project)
    run_build(project, export=False)

    outcome = run_dbt(project, ["test", "--select", "test_type:unit"])

    unit_tests = [name for kind, name, status in outcome.nodes if kind == "unit_test"]
    assert len(unit_tests) >= 8
    assert all(status == "pass" for _, _, status in outcome.nodes)

"""``centric demo --serve`` prepares the demo for a first visit: identities, annotations, an
administrator whose password is printed, starter rules and their cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from centric.access import AuthenticationError, Principal, sign_in
from centric.cases import list_rules
from centric.config import load_settings
from centric.demo import build_demo
from centric.runtime import open_app_db, open_runtime
from centric.web import prepare_demo


@pytest.mark.slow
def test_prepare_demo_makes_an_admin_rules_and_cases_once(tmp_path: Path) -> None:
    build_demo(tmp_path / "demo", customers=400)
    settings = load_settings(tmp_path / "demo")
    steps: list[str] = []
    first = prepare_demo(settings, progress=steps.append)
    assert {"resolving identities", "annotating verbatims"} <= set(steps)
    assert steps[-1] == "evaluating alert rules and escalating cases"
    assert first.username == "demo-admin"
    assert first.customers > 0
    assert first.rules_added == ["detractor", "high-value-detractor", "warning-signal"]
    assert first.sweep.evaluation.rules == 3
    again = prepare_demo(settings)
    assert again.rules_added == []
    assert again.verbatims_annotated == 0
    assert again.sweep.evaluation.opened == 0
    with open_app_db(settings) as app_db:
        with pytest.raises(AuthenticationError):
            sign_in(app_db, "demo-admin", first.password)
        assert sign_in(app_db, "demo-admin", again.password).principal.role.value == "admin"
    with open_runtime(settings) as runtime:
        names = [rule.spec.name for rule in list_rules(runtime, Principal.system("test"))]
    assert names == ["detractor", "high-value-detractor", "warning-signal"]

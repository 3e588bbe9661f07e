"""export_action_plan for administrators and board packs; benchmark_reports prints its figures."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from assessments.models import Response
from assessments.services import action_create
from reports.management.commands.benchmark_reports import MEMORY_CASES_INVALID
from tests.assessments.service_helpers import action_data, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_action(assessment, trust_lead):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    answer(s1, trust_lead, "not-met")
    action_create(response=s1, actor=trust_lead, data=action_data(description="Agree the supervision policy."))
    return assessment


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_action_plan", *args, stdout=out)
    return out.getvalue()


def test_list_prints_one_tab_separated_line_per_assessment(with_action, outsider):
    lines = run("--list").splitlines()
    assert lines == [f"{with_action.pk}\tMersey Mental Health Partnership\t2026/27\tDraft"]


def test_an_administrator_writes_the_action_plan_as_csv_xlsx_and_pdf(with_action, tmp_path):
    run(str(with_action.pk), "--format", "csv", "-o", str(tmp_path / "plan.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "plan.csv").read_text(encoding="utf-8-sig"))))
    plan = dict(zip(rows[0], rows[1], strict=True))
    assert plan["Partnership"] == "Mersey Mental Health Partnership"
    assert plan["Action"] == "Agree the supervision policy."

    run(str(with_action.pk), "--format", "xlsx", "--kind", "responses", "-o", str(tmp_path / "responses.xlsx"))
    sheet = load_workbook(tmp_path / "responses.xlsx").active
    assert sheet.title == "Responses" and sheet.max_row == 1 + with_action.responses.count()

    output = run(str(with_action.pk), "-o", str(tmp_path / "plan.pdf"))
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF-")
    assert "action-plan-mersey-mental-health-partnership-2026-27-draft.pdf" in output


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "Give an assessment id"),
        (["999999", "-o", "x.csv"], "There is no assessment 999999"),
        (["{pk}"], "-o FILE"),
        (["{pk}", "--kind", "responses", "--format", "pdf", "-o", "x.pdf"], "responses is not offered as pdf"),
        (["{pk}", "-o", "/no/such/folder/x.pdf"], "does not exist"),
    ],
)
def test_bad_requests_get_a_clear_message_and_write_nothing(with_action, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        run(*[a.format(pk=with_action.pk) for a in args])
    assert list(tmp_path.iterdir()) == []


def test_benchmark_prints_its_figures_as_json_from_a_scratch_database(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'untouched.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # The smallest sizes, one run; memory (a fresh process and a traced render) for the one case only.
    command = [sys.executable, "manage.py", "benchmark_reports", "--cases", "3x1,4x2", "--runs", "1", "--json"]
    command += ["--memory-cases", "3x1", "--output-dir", str(tmp_path / "pdfs")]
    result = subprocess.run(
        command, cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    measured, timed = figures["cases"]
    assert figures["harfbuzz_subset"] is True  # make test installs it; without it the figures double
    assert (measured["standards"], measured["actions"], timed["standards"], timed["actions"]) == (3, 1, 4, 2)
    for case in (measured, timed):
        assert case["median_s"] > 0 and case["bare_weasyprint_median_s"] > 0 and case["ratio"] > 0
        assert 0 < case["best_s"] <= case["median_s"] and 0 < case["bare_weasyprint_best_s"]
        assert case["cached_repeat_ms"] > 0 and case["pages"] >= 5 and case["meets_targets"] is True
    assert measured["peak_mib"] > 0 and measured["python_peak_mib"] > 0
    assert timed["peak_mib"] is None and timed["python_peak_mib"] is None
    assert sorted(p.name for p in (tmp_path / "pdfs").iterdir()) == [
        "action-plan-3-standards-1-actions.pdf",
        "action-plan-4-standards-2-actions.pdf",
    ]
    assert not (tmp_path / "untouched.sqlite3").exists()  # the caller's database is never touched


@pytest.mark.parametrize("memory_cases", ["5x5", "3x1,oops"])
def test_benchmark_refuses_memory_cases_that_are_not_among_its_cases(memory_cases):
    with pytest.raises(CommandError, match=re.escape(MEMORY_CASES_INVALID)):
        call_command("benchmark_reports", "--cases", "3x1", "--memory-cases", memory_cases, stdout=io.StringIO())

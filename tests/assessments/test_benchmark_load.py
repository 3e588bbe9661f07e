"""The load benchmark runs gunicorn and its worker on a scratch database, then stops by itself (not a timed test).

It runs with the smallest arguments: what is checked is the JSON's shape, that nothing failed, and that it ends."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assessments.management.commands.benchmark_load import BAD_NUMBER
from assessments.management.load_client import percentile

FIELDS = (
    "html_p95_ms",
    "html_p95_with_pdfs_ms",
    "html_p95_ratio",
    "html_p99_ratio",
    "errors",
    "ready_download_p95_ms",
    "baseline_p95_ms",
)


def test_load_benchmark_prints_its_figures_without_errors_and_stops_by_itself(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'untouched.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "benchmark_load",
            "--seconds",
            "4",
            "--users",
            "2",
            "--workers",
            "2",
            "--think-ms",
            "100",
            "--json",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=240,  # it stops by itself: setup, two 4-second phases, stopping gunicorn and the worker
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "untouched.sqlite3").exists()  # the caller's database is never touched
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert [name for name in FIELDS if figures[name] is None] == [], figures
    assert figures["errors"] == 0, figures
    assert figures["ready_download_was_ready"] is True
    assert set(figures["pages"]) == {"without_pdfs", "with_pdfs"}
    assert {"dashboard", "overview", "standard", "check", "baseline"} <= set(figures["pages"]["without_pdfs"])
    assert {"edit_save", "pdf_download", "ready_download"} <= set(figures["pages"]["with_pdfs"])
    assert figures["pages"]["with_pdfs"]["edit_save"]["statuses"].get("302", 0) >= 1  # the form really saved


def test_nearest_rank_percentile_takes_the_value_at_or_above_the_rank():
    values = list(range(1, 101))
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50, 95, 99)
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 95) is None


@pytest.mark.parametrize(
    "args", [["--seconds", "0"], ["--users", "0"], ["--workers", "0"], ["--think-ms", "-1"], ["--rounds", "0"]]
)
def test_load_benchmark_refuses_nonsense_numbers(args):
    with pytest.raises(CommandError, match=BAD_NUMBER.split(",")[0]):
        call_command("benchmark_load", *args)

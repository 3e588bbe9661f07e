"""The page benchmarks run against their own scratch database and print one JSON object (not timed tests).

They run with the smallest arguments they accept: what is checked is the figures' shape, not their size."""

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

from assessments.management.commands.benchmark_pages import BAD_NUMBER


def run_benchmark(tmp_path, *args):
    """The figures a benchmark command printed, run as a person would, beside a database it must not touch."""
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'untouched.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args, "--json"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "untouched.sqlite3").exists()  # the caller's database is never touched
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_benchmark_prints_a_median_from_a_scratch_database(tmp_path):
    figures = run_benchmark(tmp_path, "benchmark_overview", "--assessments", "1", "--runs", "1")
    assert figures["assessments"] == 1 and figures["runs"] == 1 and figures["target_ms"] == 300
    assert len(figures["times_ms"]) == 1 and figures["median_ms"] > 0


def test_page_benchmark_prints_each_pages_queries_and_time_at_both_scales(tmp_path):
    args = ["--scale", "2", "--runs", "1", "--partnerships", "1", "--history-edits", "30"]
    figures = run_benchmark(tmp_path, "benchmark_pages", *args)
    assert (figures["scale"], figures["runs"], figures["partnerships_1x"], figures["partnerships_nx"]) == (2, 1, 1, 2)
    assert set(figures["pages"]) == {"dashboard", "history", "activity", "review_queue"}
    for page in figures["pages"].values():
        assert page["person"] in {"lead", "officer"}
        assert page["queries_1x"] == page["queries_nx"] > 0  # the same person's page, twice the others' data
        assert page["median_ms_1x"] > 0 and page["median_ms_nx"] > 0 and page["ratio"] > 0
        assert 0 < page["best_ms_1x"] <= page["median_ms_1x"] and page["best_ratio"] > 0
    assert figures["queries_equal"] is True


def test_page_benchmark_refuses_a_scale_below_two():
    with pytest.raises(CommandError, match=re.escape(BAD_NUMBER)):
        call_command("benchmark_pages", "--scale", "1", stdout=io.StringIO())

"""The national overview's benchmark times the page at a baseline and again once the data has grown, in one run,
and prints how much it grew (not a timed test: it runs with the smallest arguments it accepts)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from assessments.management.commands.benchmark_overview import BAD_NUMBER, period_of

from .test_benchmark import run_benchmark


def test_overview_benchmark_times_the_page_at_the_baseline_and_after_growing_and_prints_the_ratio(tmp_path):
    figures = run_benchmark(tmp_path, "benchmark_overview", "--assessments", "3", "--baseline", "2", "--runs", "1")
    assert (figures["assessments"], figures["baseline_assessments"], figures["runs"]) == (3, 2, 1)
    assert (figures["partnerships"], figures["periods"]) == (3, 1)
    assert figures["target_ms"] == 300 and figures["target_growth_ratio"] == 1.5
    assert figures["median_ms"] > 0 and figures["median_ms_at_1000"] > 0
    assert len(figures["times_ms"]) == len(figures["times_ms_at_1000"]) == 1
    ratio = figures["median_ms"] / figures["median_ms_at_1000"]
    assert figures["growth_ratio"] == pytest.approx(ratio, abs=0.02)
    assert figures["cpu_median_ms"] > 0 and figures["cpu_median_ms_at_1000"] > 0 and figures["cpu_growth_ratio"] > 0
    assert len(figures["load_average"]) == 2 and all(len(when) == 3 for when in figures["load_average"])


def test_overview_benchmark_baseline_is_1000_or_every_assessment_when_fewer(tmp_path):
    figures = run_benchmark(tmp_path, "benchmark_overview", "--assessments", "2", "--runs", "1")
    assert figures["baseline_assessments"] == 2  # fewer than 1,000: the baseline is the whole set


def test_overview_benchmark_spreads_the_assessments_a_year_at_a_time_newest_first():
    assert [period_of(i) for i in (0, 1, 24)] == ["2026/27", "2025/26", "2002/03"]


@pytest.mark.parametrize(
    "args", [["--assessments", "3", "--baseline", "4"], ["--assessments", "0"], ["--runs", "0"], ["--baseline", "0"]]
)
def test_overview_benchmark_refuses_a_baseline_above_the_assessments_or_a_number_below_one(args):
    with pytest.raises(CommandError, match=re.escape(BAD_NUMBER)):
        call_command("benchmark_overview", *args, stdout=io.StringIO())

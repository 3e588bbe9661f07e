"""Time the action plan PDF at two sizes against a scratch database (a benchmark, not a test).

`python manage.py benchmark_reports [--runs 7] [--json] [--output-dir DIR] [--cases 27x60,100x500]
[--memory-cases all|none|CASES]` re-runs itself in a
subprocess pointed at a throw-away SQLite file, so the real database is never touched. For a
27-standard/60-action and a 100-standard/500-action assessment it prints: the median (and fastest) time
of the whole download path without the cache (read, template, WeasyPrint); the median (and fastest) of
bare WeasyPrint on the same HTML (the floor), timed turn about with it, and the ratio of the medians; how
far one render lifts a fresh process's resident memory (with Pango and HarfBuzz, which tracemalloc cannot
see) and Python's own peak; and the median time of a cached repeat download through the view. Memory
takes a fresh process and a traced render per case; `--memory-cases` limits it to some cases (or none),
whose peak figures are then null."""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from assessments.management.benchmark_database import CHILD_FLAG, run_in_scratch_database

MEMORY_FLAG = "--memory-of"
MEMORY_CASES_INVALID = "--memory-cases must be all, none, or some of --cases, like 27x60."
CASES = [(27, 60), (100, 500)]
TARGETS = {
    (27, 60): {"median_s": 0.8, "ratio": 1.10, "cached_ms": 50},
    (100, 500): {"median_s": 4.0, "peak_mib": 200, "cached_ms": 50},
}


def interleaved(runs: int, first, second) -> tuple[list[float], list[float]]:
    """Time two pieces of work turn about, so a machine that speeds up or slows down affects both alike."""
    times = ([], [])
    for _ in range(runs):
        for work, bucket in zip((first, second), times, strict=True):
            start = time.perf_counter()
            work()
            bucket.append(time.perf_counter() - start)
    return times


def median_of(runs: int, work) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


class Command(BaseCommand):
    help = "Time the action plan PDF (27/60 and 100/500) in a scratch database; print medians and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7, help="Renders per measurement (default 7).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--output-dir", help="Keep the PDFs in this folder.")
        parser.add_argument("--cases", default="27x60,100x500", help="Sizes as STANDARDSxACTIONS, comma-separated.")
        parser.add_argument(
            "--memory-cases",
            default="all",
            help="Measure memory for these of the cases only (STANDARDSxACTIONS, comma-separated), or all, or none.",
        )
        parser.add_argument(CHILD_FLAG, action="store_true", dest="child", help="Internal: run in the scratch DB.")
        parser.add_argument(MEMORY_FLAG, type=int, dest="memory_of", help="Internal: one render's memory, fresh.")

    def handle(self, *args, **options):
        if options["memory_of"]:
            if not os.environ.get("DATABASE_URL", "").endswith("/bench.sqlite3"):
                raise CommandError(f"{MEMORY_FLAG} runs only inside the benchmark's scratch database.")
            self.stdout.write(str(measure_memory(options["memory_of"])))
            return
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1.")
        try:
            cases = [tuple(int(n) for n in case.split("x")) for case in options["cases"].split(",")]
        except ValueError:
            raise CommandError("--cases must look like 27x60,100x500.") from None
        if any(len(case) != 2 or min(case) < 1 for case in cases):
            raise CommandError("--cases must look like 27x60,100x500.")
        memory_cases = parse_memory_cases(options["memory_cases"], cases)
        if options["child"]:
            return self.run_child(options, cases, memory_cases)
        args = ["--runs", str(options["runs"]), "--cases", options["cases"], "--memory-cases", options["memory_cases"]]
        if options["json"]:
            args.append("--json")
        if options["output_dir"]:
            args += ["--output-dir", str(Path(options["output_dir"]).resolve())]
        self.stdout.write(run_in_scratch_database("benchmark_reports", args), ending="")

    def run_child(self, options, cases, memory_cases):
        from django.test import Client, override_settings
        from django.test.utils import setup_test_environment
        from django.urls import reverse
        from weasyprint.text.ffi import harfbuzz_subset

        from reports.benchmark import build_assessment
        from reports.checks import HARFBUZZ_SUBSET_MISSING
        from reports.content import report_for
        from reports.pdf import BASE_URL, action_plan_pdf, render_html, weasyprint

        call_command("migrate", verbosity=0)
        setup_test_environment()
        runs = options["runs"]
        output = Path(options["output_dir"]) if options["output_dir"] else None
        if output:
            output.mkdir(parents=True, exist_ok=True)
        results = []
        cache_dir = tempfile.mkdtemp(prefix="report-cache-")
        # The production default: a file cache, shared by the workers on a host.
        file_cache = {
            **settings.CACHES,
            "reports": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": cache_dir},
        }
        try:
            with override_settings(CACHES=file_cache):
                for standards, actions in cases:
                    assessment = build_assessment(standards=standards, actions=actions)
                    lead = assessment.created_by
                    html = render_html(report_for(assessment))

                    def ours(a=assessment):
                        return action_plan_pdf(a, use_cache=False)

                    def bare(html=html):
                        return weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf(pdf_variant="pdf/ua-1")

                    ours()  # the first render in a process is slower: not counted
                    our_times, floor_times = interleaved(runs, ours, bare)
                    ours_median, floor = statistics.median(our_times), statistics.median(floor_times)
                    peak_rss = peak = None
                    if (standards, actions) in memory_cases:
                        peak_rss = rss_growth_of_one_render(assessment)
                        tracemalloc.start()
                        pdf, _ = action_plan_pdf(assessment, use_cache=False)
                        _, peak = tracemalloc.get_traced_memory()
                        tracemalloc.stop()
                    else:
                        pdf, _ = action_plan_pdf(assessment, use_cache=False)
                    client = Client()
                    client.force_login(lead)
                    url = reverse("reports:download", args=[assessment.pk, "action-plan", "pdf"])
                    # Stored as the worker stores it (reports/tasks.py), from the assessment as it now stands.
                    action_plan_pdf(type(assessment).objects.get(pk=assessment.pk))
                    first = client.get(url)
                    if first.status_code != 200:
                        raise CommandError(f"The download returned {first.status_code}.")
                    cached, cached_times = median_of(runs, lambda c=client, u=url: c.get(u))
                    if output:
                        (output / f"action-plan-{standards}-standards-{actions}-actions.pdf").write_bytes(pdf)
                    pages = len(weasyprint.HTML(string=html, base_url=BASE_URL).render().pages)
                    figures = {
                        "standards": standards,
                        "actions": actions,
                        "pages": pages,
                        "runs": runs,
                        "median_s": round(ours_median, 3),
                        # The fastest run: what the machine does when nothing else is on it.
                        "best_s": round(min(our_times), 3),
                        "times_s": [round(t, 3) for t in our_times],
                        "bare_weasyprint_median_s": round(floor, 3),
                        "bare_weasyprint_best_s": round(min(floor_times), 3),
                        "bare_weasyprint_times_s": [round(t, 3) for t in floor_times],
                        "ratio": round(ours_median / floor, 3),
                        "peak_mib": peak_rss,
                        "python_peak_mib": None if peak is None else round(peak / 2**20, 1),
                        "cached_repeat_ms": round(cached * 1000, 1),
                        "pdf_bytes": len(pdf),
                    }
                    figures["targets"] = TARGETS.get((standards, actions), {})
                    figures["meets_targets"] = meets(figures)
                    results.append(figures)
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)
        summary = {
            "cases": results,
            "meets_targets": all(r["meets_targets"] for r in results),
            # Without it WeasyPrint embeds fonts through fontTools and every figure above about doubles.
            "harfbuzz_subset": harfbuzz_subset is not None,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        if harfbuzz_subset is None:
            self.stdout.write(f"Warning: {HARFBUZZ_SUBSET_MISSING.msg}")
        for r in results:
            self.stdout.write(
                f"{r['standards']} standards / {r['actions']} actions ({r['pages']} pages): "
                f"median {r['median_s']:.3f} s (best {r['best_s']:.3f}), "
                f"bare WeasyPrint {r['bare_weasyprint_median_s']:.3f} s (best {r['bare_weasyprint_best_s']:.3f}) "
                f"(ratio {r['ratio']:.2f}), peak {peak_text(r['peak_mib'])}, "
                f"cached repeat {r['cached_repeat_ms']:.1f} ms"
                f" · targets {r['targets'] or 'none'}: {'met' if r['meets_targets'] else 'NOT MET'}"
            )


def parse_memory_cases(value: str, cases: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which cases get the (slow) memory measurement: all, none, or a comma-separated subset of --cases."""
    if value == "all":
        return set(cases)
    if value == "none":
        return set()
    try:
        chosen = {tuple(int(n) for n in case.split("x")) for case in value.split(",")}
    except ValueError:
        raise CommandError(MEMORY_CASES_INVALID) from None
    if not chosen <= set(cases):
        raise CommandError(MEMORY_CASES_INVALID)
    return chosen


def peak_text(mib) -> str:
    return "not measured" if mib is None else f"{mib:.0f} MiB"


def _status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise CommandError(f"/proc/self/status has no {field}: peak memory is measured on Linux only.")


def rss_growth_of_one_render(assessment) -> float:
    """How far one render lifts a fresh process's resident memory, in MiB.

    Measured in a new process (same scratch database) so that memory kept from earlier renders does not
    hide it. It counts WeasyPrint's C libraries (Pango, HarfBuzz), which tracemalloc cannot see.
    """
    command = [
        sys.executable,
        str(settings.BASE_DIR / "manage.py"),
        "benchmark_reports",
        MEMORY_FLAG,
        str(assessment.pk),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"The memory measurement failed:\n{result.stderr}")
    return float(result.stdout.strip())


def measure_memory(pk: int) -> float:
    from assessments.models import Assessment
    from reports.pdf import action_plan_pdf

    assessment = Assessment.objects.get(pk=pk)
    before = _status_mib("VmRSS")
    action_plan_pdf(assessment, use_cache=False)
    return round(_status_mib("VmHWM") - before, 1)


def meets(figures: dict) -> bool:
    targets = figures["targets"]
    checks = {
        "median_s": figures["median_s"],
        "ratio": figures["ratio"],
        "peak_mib": figures["peak_mib"],
        "cached_ms": figures["cached_repeat_ms"],
    }
    # A figure not measured (memory skipped with --memory-cases) is not held against the targets.
    return all(checks[name] is None or checks[name] <= limit for name, limit in targets.items())

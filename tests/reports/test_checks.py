"""The deploy check that tells an administrator their PDFs will be slow."""

from django.core import checks
from weasyprint.text import ffi

from reports.checks import HARFBUZZ_SUBSET_MISSING


def run_report_checks():
    return checks.run_checks(tags=["reports"], include_deployment_checks=True)


def test_a_server_with_harfbuzz_subset_passes_the_deploy_check():
    assert ffi.harfbuzz_subset is not None, "make test installs libharfbuzz-subset0"
    assert run_report_checks() == []


def test_a_server_without_harfbuzz_subset_is_warned_that_pdfs_will_be_slow(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert run_report_checks() == [HARFBUZZ_SUBSET_MISSING]


def test_the_check_runs_only_with_the_deploy_checks(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert checks.run_checks(tags=["reports"]) == []

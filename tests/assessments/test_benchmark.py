"""benchmark_overview runs against its own scratch database and prints one JSON object (not a timed test)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_benchmark_prints_a_median_from_a_scratch_database(tmp_path):
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'untouched.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark_overview", "--assessments", "12", "--runs", "2", "--json"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["assessments"] == 12 and figures["runs"] == 2 and figures["target_ms"] == 300
    assert len(figures["times_ms"]) == 2 and figures["median_ms"] > 0
    assert not (tmp_path / "untouched.sqlite3").exists()  # the caller's database is never touched

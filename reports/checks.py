"""`manage.py check --deploy` warns when the server would render action plan PDFs slowly."""

from django.core.checks import Warning, register

HARFBUZZ_SUBSET_MISSING = Warning(
    "WeasyPrint cannot load HarfBuzz's subsetter, so every action plan PDF takes about twice as long to render "
    "(WeasyPrint falls back to fontTools to embed the fonts).",
    hint="Install libharfbuzz-subset0 (Debian and Ubuntu) or HarfBuzz 4.1 or newer with its subset library.",
    id="reports.W001",
)


@register("reports", deploy=True)
def pdf_libraries(app_configs, **kwargs):
    from weasyprint.text import ffi

    return [HARFBUZZ_SUBSET_MISSING] if ffi.harfbuzz_subset is None else []

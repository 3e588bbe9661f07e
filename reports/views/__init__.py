from .downloads import action_plan_pdf, download
from .national import assessment_comparison, national_csv, national_overview
from .national_frontline import national_frontline
from .review_pack import review_pack

__all__ = [
    "action_plan_pdf",
    "assessment_comparison",
    "download",
    "national_csv",
    "national_frontline",
    "national_overview",
    "review_pack",
]

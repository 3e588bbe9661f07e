from .downloads import download
from .national import assessment_comparison, national_csv, national_overview

__all__ = ["assessment_comparison", "download", "national_csv", "national_overview"]

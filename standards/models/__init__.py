from .content import Domain, EthicsPrinciple, Standard, StandardKind
from .framework import Band, Framework, FrameworkVersion, RatingLevel, VersionStatus
from .statements import PRODUCT_WORDING, Statement

__all__ = [
    "Band",
    "Domain",
    "EthicsPrinciple",
    "Framework",
    "FrameworkVersion",
    "PRODUCT_WORDING",
    "RatingLevel",
    "Standard",
    "StandardKind",
    "Statement",
    "VersionStatus",
]

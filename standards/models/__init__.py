from .content import Domain, EthicsPrinciple, Standard, StandardKind
from .framework import Band, Framework, FrameworkVersion, RatingLevel, VersionStatus

__all__ = [
    "Band",
    "Domain",
    "EthicsPrinciple",
    "Framework",
    "FrameworkVersion",
    "RatingLevel",
    "Standard",
    "StandardKind",
    "VersionStatus",
]

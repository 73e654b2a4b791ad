"""The ecoparc data model (docs/architecture.md §3), one module per area."""

from .access import AccessGrant
from .base import Base, utcnow
from .device import Device, DeviceEvent
from .entity import DEFAULT_PUE, Entity, Site
from .factors import FactorElectricityRow, FactorImpactRow, FactorReferenceRow, FactorSetRecord
from .imports import ImportBatch, ImportIssue, MappingProfile, ModelAlias
from .reuse import Disposal, Need, Partner
from .scenario import Scenario
from .settings import AppSetting

__all__ = [
    "AccessGrant",
    "AppSetting",
    "DEFAULT_PUE",
    "Base",
    "Device",
    "DeviceEvent",
    "Disposal",
    "Entity",
    "FactorElectricityRow",
    "FactorImpactRow",
    "FactorReferenceRow",
    "FactorSetRecord",
    "ImportBatch",
    "ImportIssue",
    "MappingProfile",
    "ModelAlias",
    "Need",
    "Partner",
    "Scenario",
    "Site",
    "utcnow",
]

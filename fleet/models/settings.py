"""Installation-wide values kept with the data, such as the pseudonymisation key.

A shared PostgreSQL database must give every operator the same pseudonym for
the same user, so the key lives in the database rather than on one machine.
"""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AppSetting(Base):
    __tablename__ = "app_setting"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

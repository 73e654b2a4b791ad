"""The unit of work every use case runs in (cosmicpython's pattern).

A :class:`UnitOfWork` owns one database session for the length of a ``with``
block. Nothing it did is kept unless the use case calls :meth:`UnitOfWork.commit`:
leaving the block — normally or by an error — rolls back whatever was not
committed. So a read-only use case can never write by accident, and a use case
that changes several rows commits them together or not at all.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from fleet.access import describe_refusal
from fleet.db import get_engine, session_scope

from .errors import ServiceError


class UnitOfWork:
    """One session on the database of ``url``, committed only on request."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._session: Session | None = None
        self._scope: AbstractContextManager[Session] | None = None

    @property
    def engine(self) -> Engine:
        return get_engine(self.url)

    @property
    def session(self) -> Session:
        """The open session (only inside the ``with`` block)."""
        if self._session is None:
            raise RuntimeError("unit of work used outside its with block")
        return self._session

    def __enter__(self) -> Self:
        self._scope = session_scope(self.engine)  # never commits by itself
        self._session = self._scope.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        scope, self._scope, self._session = self._scope, None, None
        if scope is not None:
            scope.__exit__(exc_type, exc, traceback)
        if isinstance(exc, DBAPIError):
            # PostgreSQL's privileges and policies refused: one French sentence for
            # every face (docs/administration.md, « Ce que voit chaque face »).
            refused = describe_refusal(exc)
            if refused is not None:
                raise ServiceError(refused) from None

    def commit(self) -> None:
        """Keep what the use case did so far (it says when, never the caller by default)."""
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

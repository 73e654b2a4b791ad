"""What every screen shares: the app's :class:`services.workspace.Workspace`
(database, entity scope, active factor set, reference date, cached fleet and
footprints), with entity names in the order a French reader expects."""

from __future__ import annotations

from services.workspace import Workspace

from .i18n import sort_key


class AppContext(Workspace):
    """The workspace of one running app."""

    def entity_order(self, name: str) -> str:
        return sort_key(name)

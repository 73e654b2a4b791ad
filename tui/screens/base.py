"""The base of every ecoparc screen and dialog.

Binding descriptions are catalogue keys, translated when the footer asks for
them (:attr:`active_bindings`), so the footer follows a language switch without
rebuilding the bindings. A screen draws its widgets in :meth:`compose_body` and
fills them in :meth:`populate`; after a language switch the app calls
:meth:`relabel`, which composes the screen again in the new language and fills it.

What another screen changed shows without a restart: switching back to a screen
whose fleet revision or entity list moved on calls :meth:`fleet_changed` and
:meth:`entities_changed` (an import that created an entity, an edit, a transfer);
the app calls :meth:`catch_up` after each switch of screen, not when a dialog
closes (the screen's own work refreshes it then).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Select
from textual.widgets._footer import FooterKey

from ..i18n import t
from ..widgets.header import ScreenHeader

if TYPE_CHECKING:
    from ..app import EcoparcApp
    from ..context import AppContext


#: Textual's own binding descriptions that reach the footer (an open Select's
#: list), mapped to catalogue keys: otherwise English shows in the French footer.
TEXTUAL_DESCRIPTIONS = {"Dismiss menu": "common.dismiss_menu"}


def translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    return {
        key: active._replace(
            binding=replace(active.binding, description=t(TEXTUAL_DESCRIPTIONS.get(d, d)))
        )
        if (d := active.binding.description)
        else active
        for key, active in bindings.items()
    }


def key_width(key_display: str, description: str) -> int:
    """Cells a key takes in the compact footer: key, space, description, margin."""
    return cell_len(key_display) + 1 + cell_len(description) + 1


class EcoFooter(Footer):
    """The key bar, never cut (docs/tui.md §1): the screen's own keys, then the help
    key, then the app's other keys as long as they fit on the line.

    When the screen's keys and the help key do not fit (80 columns), the keys the
    screen names in :attr:`EcoScreen.SPARE_KEYS` leave the bar, first named first:
    each is in the help (``?``) and has another way on the screen (a button, a list,
    Enter). The help key always stays, since it leads to every other key."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown: dict[str, tuple[Binding, bool, str]] = {}
        own: list[str] = []
        app: list[str] = []
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in shown:
                continue
            shown[binding.action] = (binding, enabled, tooltip)
            (app if node is self.app else own).append(binding.action)
        app.sort(key=lambda action: action != "help")

        def width(action: str) -> int:
            binding = shown[action][0]
            return key_width(self.app.get_key_display(binding), binding.description)

        # The last key needs no margin after it.
        room = (self.size.width or self.app.size.width) + 1
        first = app[:1]
        spare = [a for a in getattr(self.screen, "SPARE_KEYS", ()) if a in own]
        while spare and sum(map(width, own + first)) > room:
            own.remove(spare.pop(0))
        room -= sum(map(width, own + first))
        keys = own + first
        for action in app[1:]:
            if width(action) > room:
                break
            room -= width(action)
            keys.append(action)
        for action in keys:
            binding, enabled, tooltip = shown[action]
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)

    def on_resize(self) -> None:
        if self._bindings_ready:
            self.call_after_refresh(self.recompose)


class KeepsFields:
    """What a person chose or typed, kept across a change of language: the screen or
    dialog is composed again in the new language, then its lists and fields get their
    values back (by id)."""

    def field_values(self) -> dict[str, object]:
        """The value of every list and text field, by id."""
        node = cast(Widget, self)
        fields = [*node.query(Select), *node.query(Input)]
        return {f.id: f.value for f in fields if f.id is not None}

    def restore_fields(self, values: dict[str, object]) -> None:
        """Put back the values of :meth:`field_values` (a list's value by its code, so
        the choice survives the relabelled options; a code no longer offered is left)."""
        node = cast(Widget, self)
        for select in node.query(Select):
            value = values.get(select.id or "")
            if value is not None and any(value == v for _, v in select._options):
                select.value = value
        for field in node.query(Input):
            if field.id in values:
                field.value = str(values[field.id])


class EcoScreen(KeepsFields, Screen[None]):
    """A top-level screen of the app (one per entry of ``tui.screens.SCREENS``)."""

    #: Catalogue key of the screen's title.
    TITLE_KEY: ClassVar[str] = ""
    #: Actions whose keys the key bar leaves to the help when the line is too short,
    #: first named first (:class:`EcoFooter`): each needs another way on the screen.
    SPARE_KEYS: ClassVar[tuple[str, ...]] = ()
    #: Escape leaves a text field, so that the single-key shortcuts work again.
    BINDINGS = [Binding("escape", "leave_field", "common.leave_field", show=False)]

    @property
    def eco(self) -> EcoparcApp:
        from ..app import EcoparcApp

        assert isinstance(self.app, EcoparcApp)
        return self.app

    @property
    def ctx(self) -> AppContext:
        return self.eco.ctx

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def compose(self) -> ComposeResult:
        yield ScreenHeader(icon="♻")
        yield from self.compose_body()
        yield EcoFooter(compact=True)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = f"ecoparc · {t(self.TITLE_KEY)}"
        self._seen_entities = tuple(self.ctx.entity_names())
        self._seen_revision = self.ctx.revision
        self.populate()

    def catch_up(self) -> None:
        """Tell the screen about new entities and a changed fleet since it last looked."""
        names = tuple(self.ctx.entity_names())
        if names != getattr(self, "_seen_entities", names):
            self._seen_entities = names
            self.entities_changed()
        if self.ctx.revision != getattr(self, "_seen_revision", self.ctx.revision):
            self._seen_revision = self.ctx.revision
            self.fleet_changed()

    def entities_changed(self) -> None:
        """Entities were added (an import, another face): refresh the entity choices."""

    def fleet_changed(self) -> None:
        """The fleet changed elsewhere (import, edit, reuse step): refresh what is shown."""

    def reset_entity_choices(self, selector: str, first: list[tuple[str, Any]]) -> None:
        """Offer the entities known now in the Select ``selector`` after the ``first``
        options, keeping the current choice (the first option when it is gone)."""
        select = self.query_one(selector, Select)
        names = self.ctx.entity_names()
        values = {v for _, v in first} | set(names)
        value = select.value if select.value in values else first[0][1]
        with self.prevent(Select.Changed):
            select.set_options([*first, *((n, n) for n in names)])
            select.value = value

    def action_leave_field(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)

    def populate(self) -> None:
        """Fill the widgets with data (on mount and after a language switch)."""

    def from_worker(self, callback: Callable[..., object], *args: object) -> None:
        """Run ``callback(*args)`` on this screen's message queue, from a worker
        thread. Not straight on the app's loop (``call_from_thread``): there it could
        run while the screen is being composed again in the other language, between
        the old widgets' removal and the new ones' mounting, and find none
        (``NoMatches``, the interface closed). The screen composes itself again from
        its own queue (:meth:`relabel`), so the callback runs before or after, never
        during; in the order the worker sent them, before the worker's end."""
        self.app.call_from_thread(self.call_later, callback, *args)

    async def relabel(self) -> None:
        """Compose the screen again in the new language, keeping what the person chose
        or typed (lists and fields by id), then fill it. Run from the screen's own
        message queue (the app schedules it there), so that no handler of this screen
        and no worker result (:meth:`from_worker`) runs half-way through.

        The values go back once the new widgets have said their first « changed »
        (queued while they mounted, with their default values), so that no handler of
        those messages overwrites them."""
        kept = self.field_values()
        await self.recompose()
        # The title after the new header is mounted: Textual's header updates itself
        # from a watcher run later, and the old header's would no longer find its
        # title widget (a crash on quick language changes).
        self.title = f"ecoparc · {t(self.TITLE_KEY)}"
        self.call_later(self._relabelled, kept)

    def _relabelled(self, kept: dict[str, object]) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            self.restore_fields(kept)
        self.populate()
        self.refresh_bindings()

    def scope_changed(self) -> None:
        """The app-wide entity scope changed (from another screen)."""

    def report_error(self, error: BaseException | str) -> None:
        self.eco.report_error(error)


class EcoModal(KeepsFields, ModalScreen[Any]):
    """A dialog: translated footer bindings, Escape cancels, and `l` changes the language
    from it too, relabelling it like a screen (:meth:`relabel`). So every text it shows
    is worded in :meth:`compose`, from what it was given (numbers, codes, ids), never
    once when it is built: its title too (a dialog opened in French and switched to
    English spoke French)."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "common.cancel"),
        # A dialog hides the app's keys (Textual stops at a modal screen): `l` is
        # offered again here, out of a text field (where it is a letter).
        Binding("l", "app.toggle_language", "app.language", show=False),
    ]

    async def relabel(self) -> None:
        """Compose the dialog again in the new language, keeping what the person chose
        or typed and the field they were in (run from its own message queue, as
        :meth:`EcoScreen.relabel`)."""
        kept = self.field_values()
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        self.call_later(self._relabelled, kept, focused)

    def _relabelled(self, kept: dict[str, object], focused: str | None) -> None:
        with self.prevent(Select.Changed, Input.Changed):
            self.restore_fields(kept)
        if focused is not None:  # the person goes on where they were
            for widget in self.query(f"#{focused}"):
                widget.focus()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close the dialog with ``result``, once, and only while it is the screen shown.

        Textual's ``dismiss`` hands the result over and pops whichever screen is on
        top. Enter pressed twice quickly (or Enter and a click) answers a dialog twice
        before it is gone: the second answer ran the action again, then popped the
        screen below, and with none left the interface closed (``ScreenStackError``).
        An answer to a dialog no longer shown (already closed, or left for another
        screen by its key) is dropped; the dialog waits on its own screen."""
        if not self.is_active:
            return AwaitComplete()  # nothing to wait for
        return super().dismiss(result)

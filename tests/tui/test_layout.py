"""Every screen in French and in English (issue 18, item 5): at 80×24 and at 100×30
the key bar shows the screen's keys whole (its spare keys aside, see
``tui.screens.base.EcoFooter``) with the help key, and the help lists every key of
the screen; no label, button or line of text is cut either, and no row of fields is
wider than the screen (it scrolled sideways, hiding its last labels).

A widget is cut when its content needs more room than its layout gave it: a
one-line text wider than its box, a wrapped text taller than its box. The sizes
are Textual's own (``get_content_width``/``get_content_height`` against the
widget's content size), so the test reads the layout, not the pixels."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding
from textual.errors import NoWidget
from textual.geometry import Size
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static
from textual.widgets._footer import FooterKey
from textual.widgets._select import SelectCurrent
from tui_support import settle

from tui.i18n import MESSAGES, t
from tui.screens import SCREENS
from tui.screens.base import EcoFooter
from tui.widgets.frame_table import FrameTable

# A Pilot walk through screens (seconds each): in `make test-slow`, which CI runs,
# so that `make test` stays under four minutes on two cores.
pytestmark = pytest.mark.slow

WIDE = (100, 30)
SMALL = (80, 24)

Problems = dict[str, list[str]]


def cut_widgets(screen: Screen[object]) -> list[str]:
    """The text widgets of ``screen`` whose content does not fit their box, or whose
    box is cut off by a container that cannot scroll to show the rest."""
    cut = []
    viewport = screen.size
    for widget in screen.walk_children(Widget):
        if not isinstance(widget, Static | Button | FooterKey | Input | Select):
            continue
        if not _shown(widget):
            continue
        box = widget.content_size
        if box.width <= 0 or box.height <= 0:
            continue
        try:
            geometry = screen.find_widget(widget)
        except NoWidget:
            continue
        if geometry.visible_region != geometry.region and not _scrolled(widget):
            cut.append(f"{_name(widget)}: {geometry.region} shown {geometry.visible_region}")
            continue
        if isinstance(widget, Input) and not widget.value and widget.placeholder:
            # An empty field's hint says what to type: whole, the cursor beside it.
            if cell_len(widget.placeholder) + 1 > box.width:
                cut.append(f"{_name(widget)} « {widget.placeholder} »: in {box.width}")
            continue
        if isinstance(widget, Input | Select):
            continue
        one_line = isinstance(widget, Button | FooterKey) or isinstance(
            widget.parent, SelectCurrent
        )
        if not one_line and widget.styles.text_wrap != "nowrap":
            needed = widget.get_content_height(box, viewport, box.width)
            if needed > box.height:
                cut.append(f"{_name(widget)}: {needed} lines in {box.height}")
        else:
            width = widget.get_content_width(Size(10_000, box.height), viewport)
            if width > box.width:
                cut.append(f"{_name(widget)}: {width} cells in {box.width}")
    return cut


def wide_rows(screen: Screen[object]) -> list[str]:
    """The rows wider than the screen (a row of fields and buttons that scrolls sideways
    hides its last labels until the focus reaches them: « Ans » of the purchase line,
    « Enregistrer le profil » of the import)."""
    return [
        f"{_name(row)}: {row.virtual_size.width} cells in {row.region.width}"
        for row in screen.query(".filters, #imp-source, #imp-actions")
        if _shown(row) and row.virtual_size.width > row.region.width
    ]


def _scrolled(widget: Widget) -> bool:
    """Whether a container of ``widget`` scrolls (what it hides, the user reaches)."""
    return any(
        isinstance(node, Widget) and (node.allow_horizontal_scroll or node.allow_vertical_scroll)
        for node in widget.ancestors
    )


def _shown(widget: Widget) -> bool:
    node: Widget | None = widget
    while isinstance(node, Widget):
        if not node.display or not node.visible:
            return False
        node = node.parent if isinstance(node.parent, Widget) else None
    return True


def _name(widget: Widget) -> str:
    text = getattr(widget, "content", None) or getattr(widget, "label", None) or ""
    return f"{type(widget).__name__}#{widget.id or ''} « {str(text)[:40]} »"


def footer_problems(app: App[None], screen: Screen[object]) -> list[str]:
    """Keys of the screen missing from the key bar, or shown cut.

    Every key the screen shows is wanted, and the help key (it leads to the others),
    except the screen's spare keys (``SPARE_KEYS``): the bar leaves those to the help
    when the line is too short (docs/tui.md §1)."""
    footer = screen.query_one(EcoFooter)
    keys = list(footer.query(FooterKey))
    spare = set(getattr(screen, "SPARE_KEYS", ()))
    wanted = {
        active.binding.action
        for active in screen.active_bindings.values()
        if active.binding.show and active.node is not app and active.binding.action not in spare
    } | {"help"}
    problems = [f"absent : {a}" for a in sorted(wanted - {k.action for k in keys})]
    for key in keys:
        text = f"{key.key_display} {key.description}"
        if key.region.right > screen.size.width or key.region.width < cell_len(text):
            problems.append(f"coupée : {text} ({key.region})")
    return problems


def help_problems(app: App[None], screen: Screen[object]) -> list[str]:
    """Keys of ``screen`` (the one under the help) that the help does not list: every
    key the screen declares with a catalogue wording and that is active now."""
    listed = " ".join(str(s.render()) for s in app.screen.query(Static))
    active = {(k, a.binding.action) for k, a in screen.active_bindings.items() if a.node is screen}
    declared = [
        binding
        for cls in type(screen).__mro__
        for binding in getattr(cls, "BINDINGS", ())
        if isinstance(binding, Binding) and binding.description in MESSAGES["fr"]
    ]
    return [
        f"absente de l'aide : {line}"
        for binding in declared
        if (binding.key, binding.action) in active
        and (line := f"{app.get_key_display(binding)}  {t(binding.description)}") not in listed
    ]


async def layout_problems(app: App[None], pilot: Pilot[None], size: tuple[int, int]) -> Problems:
    """What is cut on every screen (and on an open record, and in the help) at ``size``:
    the key bar, any text, a row wider than the screen; and the keys the help leaves out."""
    problems: Problems = {}

    async def look(name: str) -> None:
        screen = app.screen
        found = footer_problems(app, screen) + cut_widgets(screen) + wide_rows(screen)
        await pilot.press("f1")
        await settle(pilot)
        found += help_problems(app, screen)
        found += [f"aide : {c}" for c in cut_widgets(app.screen)]
        await pilot.press("escape")
        await settle(pilot)
        if found:
            problems[name] = found

    for entry in SCREENS:
        await app.switch_mode(entry.name)
        await settle(pilot)
        await look(entry.name)
    await app.switch_mode("inventory")
    await pilot.press("enter")
    await settle(pilot)
    await look("inventory record")
    return problems


# 15 s per language: French in `make test`, English in `make test-slow` (CI runs both).
@pytest.mark.parametrize("lang", ["fr", pytest.param("en", marks=pytest.mark.slow)])
async def test_every_screen_fits_100x30(app_factory, lang) -> None:
    app = app_factory(lang)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        problems = await layout_problems(app, pilot, WIDE)
    assert not problems, problems


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_every_screen_fits_80x24(app_factory, lang) -> None:
    app = app_factory(lang)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        problems = await layout_problems(app, pilot, SMALL)
    assert not problems, problems


@pytest.mark.slow  # four screens driven with Tab: 12 s
async def test_tab_leaves_every_table(app_factory) -> None:
    """Tab and shift+Tab move the focus out of a table (the arrows move its cursor)."""
    app = app_factory()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        tried = 0
        for mode in ("inventory", "import", "reuse", "factors"):
            await app.switch_mode(mode)
            await settle(pilot)
            for table in app.screen.query(FrameTable):
                if not table.focusable:
                    continue
                for key in ("tab", "shift+tab"):
                    table.focus()
                    await pilot.pause()
                    await pilot.press(key)
                    await pilot.pause()
                    assert app.focused is not table, (mode, table.id, key)
                    tried += 1
        assert tried >= 8


async def test_the_rows_a_dialog_acts_on_show_at_80x24(app_factory) -> None:
    """Orienting three marked devices at 80×24: the dialog's table shows its three
    rows under its heading (it used to get one line, the heading alone)."""
    app = app_factory()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space", "down", "space", "down", "space", "a")
        await pilot.pause()
        rows = app.screen.query_one("#assign-rows", FrameTable)
        assert rows.row_count == 3
        assert rows.region.height >= 1 + rows.row_count


async def test_the_erasure_dialog_reads_whole_at_80x24(app_factory) -> None:
    """The data erasure of three exits at 80×24, in French then in English (`l` from the
    dialog): every line whole, wrapped at the dialog's width (the line on what needs a
    certificate ran off its right edge)."""
    app = app_factory()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space", "down", "space", "down", "space", "a")
        await pilot.pause()
        await pilot.click("#ok")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("t", "e")
        await settle(pilot)
        assert app.screen.query(".dialog-title")
        assert not cut_widgets(app.screen), cut_widgets(app.screen)
        await pilot.press("l")
        await settle(pilot)
        assert not cut_widgets(app.screen), cut_widgets(app.screen)

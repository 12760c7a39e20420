"""A person at the canvas: mouse and keyboard only, typing key by key with pauses.

Everything here acts through real input events (clicks, drags, key presses); nothing sets a
value or dispatches an event by script. What the page shows is read back from the DOM.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .conftest import ARTIFACTS, shot

TYPING_DELAY_MS = 70  # between keys, like a quick typist
THINK_S = 0.25  # a pause between actions

# Records every notice the canvas shows, and every request it sends, from the page itself.
WATCH = """() => {
  if (window.__ff) return;
  window.__ff = {notices: [], sent: []};
  new MutationObserver(() => {
    for (const n of document.querySelectorAll('[data-testid=notice]')) {
      if (n.dataset.seen) continue;
      n.dataset.seen = '1';
      window.__ff.notices.push({level: n.dataset.level, text: n.textContent});
    }
  }).observe(document.body, {subtree: true, childList: true});
}"""


@dataclass
class Person:
    page: Any
    canvas: Any
    app: str
    story: str = "sales"
    step: int = 0
    shots: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.evaluate(WATCH)

    # -- looking ---------------------------------------------------------------------------

    def snap(self, what: str, page: bool = False) -> None:
        """A screenshot of the canvas (``page``: of the whole page) for this step."""
        self.step += 1
        name = f"{self.app}-{self.story}-{self.step:02d}-{what}"
        if page:
            shot(self.page, name)
        else:
            ARTIFACTS.mkdir(exist_ok=True)
            self.canvas.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        self.shots.append(name)

    def fail(self, message: str) -> AssertionError:
        self.snap("FAILED", page=True)
        return AssertionError(message)

    def notices(self) -> list[dict[str, str]]:
        result: list[dict[str, str]] = self.page.evaluate("() => window.__ff.notices")
        return result

    def node(self, node_id: str) -> Any:
        return self.canvas.locator(f'.react-flow__node[data-id="{node_id}"]')

    def node_ids(self) -> list[str]:
        ids: list[str] = self.canvas.locator(".react-flow__node").evaluate_all(
            "els => els.map(e => e.dataset.id)"
        )
        return ids

    def in_view(self, node_id: str) -> bool:
        """Whether the whole node is inside the visible canvas (not under a panel, not off it)."""
        pane = self.canvas.locator("[data-testid=canvas]").bounding_box()
        box = self.node(node_id).bounding_box()
        if pane is None or box is None:
            return False
        return (
            box["x"] >= pane["x"]
            and box["y"] >= pane["y"]
            and box["x"] + box["width"] <= pane["x"] + pane["width"]
            and box["y"] + box["height"] <= pane["y"] + pane["height"]
        )

    def wait_new_node(self, before: list[str], timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            fresh = [i for i in self.node_ids() if i not in before]
            if fresh:
                return fresh[0]
            time.sleep(0.1)
        raise self.fail(f"no new node appeared; nodes: {self.node_ids()}")

    def wait_in_view(self, node_id: str, timeout: float = 5) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.in_view(node_id):
                return
            time.sleep(0.1)
        raise self.fail(f"{node_id} is not inside the visible canvas")

    def status(self, node_id: str) -> str | None:
        badge = self.node(node_id).locator("[data-testid=node-status]")
        return badge.get_attribute("data-status") if badge.count() else None

    def wait_status(self, node_id: str, *wanted: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status(node_id) in wanted:
                return
            time.sleep(0.15)
        raise self.fail(f"{node_id} is {self.status(node_id)}, not one of {wanted}")

    def wait_text(self, locator: Any, text: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if locator.count() and text in locator.inner_text():
                return
            time.sleep(0.15)
        shown = locator.inner_text() if locator.count() else "(nothing)"
        raise self.fail(f"{text!r} never appeared; shown: {shown!r}")

    def panel(self) -> Any:
        return self.canvas.locator("[data-testid=config-panel]")

    def draft_state(self) -> str | None:
        el = self.panel().locator("[data-testid=draft-status]")
        return el.get_attribute("data-state") if el.count() else None

    def wait_applied(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.draft_state() == "applied":
                return
            time.sleep(0.1)
        raise self.fail(f"the settings were not applied: {self.draft_state()}")

    # -- acting ----------------------------------------------------------------------------

    def pause(self, seconds: float = THINK_S) -> None:
        time.sleep(seconds)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=TYPING_DELAY_MS)

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            time.sleep(TYPING_DELAY_MS / 1000)

    def click(self, locator: Any) -> None:
        locator.scroll_into_view_if_needed()
        locator.click()
        self.pause()

    def select_node(self, node_id: str) -> None:
        self.click(self.node(node_id).locator("[data-testid=node-name]"))
        self.panel().wait_for(timeout=10_000)
        assert self.panel().get_attribute("data-node-id") == node_id

    def search_and_add(self, query: str) -> str:
        """Type in the palette's search box and press Enter; returns the new node's id."""
        before = self.node_ids()
        box = self.canvas.locator("[data-testid=palette-search]")
        self.click(box)
        self.press("Control+a")
        self.type(query)
        self.pause()
        self.press("Enter")
        new = self.wait_new_node(before)
        self.press("Escape")  # clear the search
        return new

    def double_click_palette(self, node_type: str) -> str:
        before = self.node_ids()
        item = self.canvas.locator(f"[data-testid=palette-item-{node_type}]")
        item.scroll_into_view_if_needed()
        item.dblclick()
        return self.wait_new_node(before)

    def choose(self, select: Any, text: str) -> None:
        """Pick an option of a native select with the keyboard: open it, type, Enter."""
        self.click(select)
        self.type(text)
        self.press("Enter")
        self.pause()

    def field(self, path: str) -> Any:
        return self.panel().locator(f'[data-testid="field-{path}"]')

    def type_into(self, locator: Any, text: str, clear: bool = False) -> None:
        self.click(locator)
        if clear:
            self.press("Control+a")
            self.press("Backspace")
        self.type(text)

    def drag(self, start: dict[str, float], end: dict[str, float]) -> None:
        self.page.mouse.move(start["x"], start["y"])
        self.page.mouse.down()
        self.page.mouse.move(end["x"], end["y"], steps=15)
        self.page.mouse.up()
        self.pause()


def center(box: dict[str, float] | None) -> dict[str, float]:
    assert box is not None
    return {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}

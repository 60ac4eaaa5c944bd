"""Keyboard checks for browser tests: every visible interactive control is reached by Tab, in DOM order.

`assert_tab_order(page)` lists the visible interactive controls of the page: a[href], button, input,
select, textarea and summary whatever their tabindex, and any other element with tabindex >= 0 (a radio
group counts once: the browser tabs to one radio per group). It then presses Tab from the top of the page
and compares the controls that receive focus with that list. A control that Tab skips or that was taken
out of the tab order, a stop on something not in the list, a positive tabindex, or a jump out of DOM
order fails the test.
"""

from __future__ import annotations

# Marks the expected tab stops with data-tab-stop="<index>"; returns their descriptions in DOM order.
_MARK = """
() => {
  const selector = 'a[href], area[href], button, input, select, textarea, summary, [tabindex]';
  const visible = (el) => {
    if (!el.checkVisibility({checkOpacity: false, checkVisibilityCSS: true})) return false;
    if (el.closest('[inert]')) return false;
    const closed = el.closest('details:not([open])');
    if (closed && !(el.tagName === 'SUMMARY' && el.parentElement === closed)) return false;
    const rects = el.getClientRects();
    return rects.length > 0;
  };
  const describe = (el) => {
    const name = (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || el.value
                  || el.getAttribute('name') || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return `${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} "${name}"`;
  };
  document.querySelectorAll('[data-tab-stop]').forEach((el) => el.removeAttribute('data-tab-stop'));
  const stops = [];
  const positive = [];
  const radioGroups = new Set();
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled) continue;
    if (el.tagName === 'INPUT' && el.type === 'hidden') continue;
    if (el.tagName === 'SUMMARY' && el.parentElement.tagName !== 'DETAILS') continue;
    // A native control taken out of the tab order (tabindex=-1) still counts: Tab must reach it. Other
    // elements count only when tabindex >= 0 (headings and <main> with tabindex=-1 are focus targets).
    const native = el.matches('a[href], area[href], button, input, select, textarea, summary');
    if (!native && el.tabIndex < 0) continue;
    if (el.id === 'tab-order-start') continue;
    if (el.tabIndex > 0) positive.push(describe(el));
    if (!visible(el)) continue;
    if (el.tagName === 'INPUT' && el.type === 'radio' && el.name) {
      const key = (el.form ? 'f' : 'd') + ':' + el.name;
      if (radioGroups.has(key)) continue;
      const group = [...document.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`)];
      const checked = group.find((r) => r.checked && !r.disabled);
      radioGroups.add(key);
      const stop = checked || el;
      stop.dataset.tabStop = String(stops.length);
      stops.push(describe(stop));
      continue;
    }
    el.dataset.tabStop = String(stops.length);
    stops.push(describe(el));
  }
  // Start Tab from the very top of the document.
  const start = document.createElement('span');
  start.tabIndex = -1;
  start.id = 'tab-order-start';
  document.body.prepend(start);
  start.focus();
  return {stops, positive};
}
"""

_FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (el.dataset.tabStop !== undefined) return Number(el.dataset.tabStop);
  const text = (el.innerText || el.value || '').trim().slice(0, 40);
  return `unexpected: ${el.tagName.toLowerCase()} ${el.id ? '#' + el.id : ''} "${text}"`;
}
"""

_CLEAN = """
() => {
  document.getElementById('tab-order-start')?.remove();
  document.querySelectorAll('[data-tab-stop]').forEach((el) => el.removeAttribute('data-tab-stop'));
}
"""


def tab_stops(page) -> list[object]:
    """Press Tab from the top until focus leaves the page; the focused stops in order (repeats folded,
    since a date field takes one Tab per part)."""
    marked = page.evaluate(_MARK)
    expected = marked["stops"]
    assert marked["positive"] == [], f"tabindex > 0 breaks the DOM order on {page.url}: {marked['positive']}"
    seen: list[object] = []
    for _ in range(4 * len(expected) + 10):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None:
            if seen:  # past the last control: focus left the document
                break
            continue
        if seen and seen[-1] == focused:
            continue
        if focused == 0 and seen:  # wrapped around to the first stop
            break
        seen.append(focused)
        if focused == len(expected) - 1:
            break
    page.evaluate(_CLEAN)
    return expected, seen


def assert_tab_order(page) -> int:
    """Every visible interactive control is reached by Tab, once, in DOM order. Returns the count."""
    expected, seen = tab_stops(page)
    assert expected, f"no focusable control on {page.url}"
    wanted = list(range(len(expected)))
    if seen != wanted:
        missing = [expected[i] for i in wanted if i not in seen]
        unexpected = [s for s in seen if not isinstance(s, int)]
        pairs = zip(seen[1:], seen[:-1], strict=True)
        out_of_order = [expected[s] for s, prev in pairs if isinstance(s, int) and isinstance(prev, int) and s < prev]
        raise AssertionError(
            f"Tab order on {page.url} differs from the visible controls in DOM order:\n"
            f"  not reached: {missing[:10]}\n  unexpected stops: {unexpected[:10]}\n"
            f"  out of order: {out_of_order[:10]}"
        )
    return len(expected)


def tab_to(page, locator, *, limit: int = 200) -> None:
    """Move focus with Tab (from where it is) until `locator` has it; fails if it is never reached."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
    raise AssertionError(f"Tab never reached {locator} on {page.url}")

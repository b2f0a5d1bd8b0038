"""What the browser tests do again and again: widths, axe-core, the keyboard, logging in."""

from pathlib import Path

from playwright.sync_api import expect

# The two widths every page is looked at: a laptop and a phone.
WIDE = 1280
NARROW = 390
WIDTHS = [WIDE, NARROW]
HEIGHTS = {WIDE: 900, NARROW: 844}

# axe-core from the npm registry, vendored with its licence (see vendor/axe-core/README.md).
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING_IMPACTS = ("serious", "critical")


def set_width(page, width):
    page.set_viewport_size({"width": width, "height": HEIGHTS.get(width, 900)})


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """axe-core's violations on the current page at the given impacts, one readable line each.

    axe is evaluated through the DevTools protocol rather than added as a
    <script> tag, so a Content-Security-Policy that forbids inline script
    cannot stop the check.
    """
    page.evaluate(AXE_SOURCE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]


def form_controls(page):
    """Every control a person can fill in or tick, with whether a label names it.

    A placeholder or a title does not count: it disappears as one types, or
    shows only to mouse users.
    """
    return page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden')
            .map(el => ({
                control: `${el.tagName.toLowerCase()}[name=${el.name}]#${el.id}`,
                labelled: [...el.labels].some(label => label.textContent.trim() !== '')
                    || (el.getAttribute('aria-label') || '').trim() !== ''
                    || (el.getAttribute('aria-labelledby') || '').split(/\\s+/).some(
                        id => id && (document.getElementById(id)?.textContent || '').trim() !== ''),
            }))"""
    )


def sideways_overflow(page):
    """How many CSS pixels the page is wider than the window (0 when nothing sticks out)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def has_focus(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, target, most=100):
    """Press Tab until `target` has the focus, as a keyboard user would.

    Fails when it never does: the control is out of the tab order, or focus
    is trapped somewhere before it.
    """
    for _ in range(most):
        page.keyboard.press("Tab")
        if has_focus(target):
            return
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"Tab pressed {most} times without reaching {target}; focus is on {focused}")


def log_in(page, username, password):
    """Log in through the admin's login form, as a moderator does."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

"""What the browser tests do again and again: widths, axe-core, the keyboard, logging in, contributing."""

import re
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
# A contribution's reference number, e.g. "K7QM-3XPA" (contributions.models.REFERENCE_ALPHABET).
REFERENCE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def set_width(page, width):
    page.set_viewport_size({"width": width, "height": HEIGHTS.get(width, 900)})


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """axe-core's violations on the current page at the given impacts, one readable line each.

    axe is evaluated through the DevTools protocol rather than added as a
    <script> tag, so a Content-Security-Policy that forbids inline script
    cannot stop the check. Its preloading of style sheets is off: on the admin's pages,
    whose style sheets @import others, it copies them into <style> elements that the
    policy refuses, and the browser reports an error the page itself never made.
    """
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'], preload: false})"
    )
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


def expect_error_beside(field, message):
    """The field is marked invalid, names the message as its description, and shows it just below.

    A screen reader announces the message with the field; a sighted person
    finds it under the field, not only in the summary at the top.
    """
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    error = field.page.get_by_text(message, exact=True)
    expect(error).to_be_visible()
    below, box = error.bounding_box(), field.bounding_box()
    assert 0 <= below["y"] - (box["y"] + box["height"]) < 40, f"“{message}” is not right under its field"
    assert abs(below["x"] - box["x"]) < 40, f"“{message}” is not aligned with its field"


def reference_on_thanks_page(page):
    """The reference number the thank-you page gives, e.g. "K7QM-3XPA", read as a person reads it."""
    expect(page.get_by_text("Your reference number is")).to_be_visible()
    reference = page.get_by_text(REFERENCE)
    expect(reference).to_be_visible()
    return reference.inner_text().strip()


def send_a_contribution(page, title):
    """Fill in the contribution form's required fields for a national diplomatic exchange and send it."""
    page.goto("/contribute/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("Officials met to talk.")
    page.get_by_role("group", name="Government?").get_by_label("Yes").check()
    page.get_by_label("Type of exchange").select_option(label="Diplomatic")
    page.get_by_role("group", name="Level of government").get_by_label("National").check()
    page.get_by_label("Exchange date").fill("March 18, 2021")
    page.get_by_label("Sources").fill("https://example.org/statement")
    page.get_by_label("Your email").fill("jane@example.org")
    page.get_by_role("button", name="Send my contribution").click()
    return reference_on_thanks_page(page)


def cut_off(control):
    """Whether a field's value or a button's label is partly hidden.

    A field scrolls its text out of sight; a button's label is clipped unless
    it may wrap onto more lines; and either is clipped when it sticks out of
    the box it sits in. (A pixel of rounding is allowed.)
    """
    return control.evaluate(
        """element => {
            const outer = element.parentElement.getBoundingClientRect();
            const box = element.getBoundingClientRect();
            if (box.left < outer.left - 1 || box.right > outer.right + 1) return true;
            if (element.type !== 'submit') return element.scrollWidth > element.clientWidth + 1;
            const style = getComputedStyle(element);
            const pen = document.createElement('canvas').getContext('2d');
            pen.font = style.font;
            const label = style.textTransform === 'uppercase' ? element.value.toUpperCase() : element.value;
            const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return pen.measureText(label).width > room + 1 && /^(pre|nowrap)/.test(style.whiteSpace);
        }"""
    )


def faint_controls(page, least=3.0):
    """Visible fields, menus, tick boxes and radio buttons whose outline hardly stands out.

    WCAG asks for a contrast of 3:1 between a control's edge and what is
    behind it, or a person with low vision cannot see where to click or type.
    Returns "control: ratio" for each one below `least`.
    """
    return page.evaluate(
        """least => {
            const channels = colour => colour.match(/[\\d.]+/g).map(Number);
            const luminance = colour => {
                const [r, g, b] = channels(colour).slice(0, 3).map(value => {
                    value /= 255;
                    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const opaque = colour => (channels(colour)[3] ?? 1) > 0;
            const behind = element => {
                for (let node = element.parentElement; node; node = node.parentElement) {
                    const colour = getComputedStyle(node).backgroundColor;
                    if (opaque(colour)) return colour;
                }
                return 'rgb(255, 255, 255)';
            };
            // Left out: hidden inputs, and the field for bots, which sits off the left edge.
            const seen = el =>
                el.type !== 'hidden' && el.checkVisibility() && el.getBoundingClientRect().right > 0;
            return [...document.querySelectorAll('input, select, textarea')]
                .filter(seen)
                .map(el => {
                    const [a, b] = [luminance(getComputedStyle(el).borderTopColor), luminance(behind(el))];
                    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                    return {control: `${el.tagName.toLowerCase()}[name=${el.name}]#${el.id}`, ratio};
                })
                .filter(found => found.ratio < least)
                .map(found => `${found.control}: ${found.ratio.toFixed(2)}`);
        }""",
        least,
    )

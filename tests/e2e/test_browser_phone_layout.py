"""On a phone (390x844, and 360 px wide): the header holds one row, the signed-in links folded into
a menu that opens without script, by touch or keyboard, and a desktop shows them unfolded; dragging
a card of the sponsor's deck never makes the page wider than the screen. In French and English."""
from browser_support import DESKTOP, check_page, new_page
from support import wait_until
from walk_setup import register

IPHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
# One row of the header: the menu's button (2.75rem) and the header's padding, with room to spare;
# two rows would be at least twice the button.
ONE_ROW_PX = 80
MENU_WORDS = {"en-GB": ("Menu", "My pledges", "Sign out", "Inbox"),
              "fr-FR": ("Menu", "Mes dons de temps", "Se déconnecter", "Messages")}


def _signed_in(browser, base_url, token, locale, viewport):
    page = new_page(browser, base_url, locale=locale, viewport=viewport)
    page.context.add_cookies([{"name": "binome_session", "value": token, "url": base_url}])
    return page


def _header_height(page):
    return page.locator("header.site-header").bounding_box()["height"]


def journey_header(browser, base_url, token, locale):
    menu, a_link, sign_out, inbox = MENU_WORDS[locale]
    for viewport in (IPHONE, SMALL_PHONE):
        page = _signed_in(browser, base_url, token, locale, viewport)
        page.goto("/donor")
        header = page.locator("header.site-header")
        assert _header_height(page) < ONE_ROW_PX, (viewport, _header_height(page))
        assert header.get_by_role("link", name=inbox).is_visible()
        assert not header.get_by_role("link", name=a_link).is_visible()
        check_page(page, f"header-{locale}-{viewport['width']}")

        # By keyboard: Tab from the skip link reaches the brand, the inbox, then the menu.
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        assert page.evaluate("document.activeElement.textContent.trim()") == menu
        page.keyboard.press("Enter")
        assert header.get_by_role("link", name=a_link).is_visible()
        assert header.locator("details.menu").evaluate("d => d.open")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == a_link
        # The open menu lies over the page, not beside it: still no sideways scroll.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        # By touch: the button closes it, and opens it again.
        header.locator("summary").click()
        assert not header.get_by_role("link", name=a_link).is_visible()
        header.locator("summary").click()
        assert header.get_by_role("button", name=sign_out).is_visible()
        # A tap on each item of the open menu lands on it, not on something around it.
        missed = header.locator("details.menu .nav a, details.menu .nav button").evaluate_all(
            """items => items.filter(item => {
                 const box = item.getBoundingClientRect();
                 const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
                 return !(hit && (hit === item || item.contains(hit)));
               }).map(item => item.outerHTML.slice(0, 80))""")
        assert missed == [], missed
        page.context.close()

    page = _signed_in(browser, base_url, token, locale, DESKTOP)
    page.goto("/donor")
    header = page.locator("header.site-header")
    assert not header.locator("summary").is_visible()
    for name in (a_link, inbox):
        assert header.get_by_role("link", name=name).is_visible()
    assert header.get_by_role("button", name=sign_out).is_visible()
    assert _header_height(page) < ONE_ROW_PX
    return True


def journey_drag(browser, base_url, token, locale):
    page = _signed_in(browser, base_url, token, locale, IPHONE)
    page.goto("/sponsor")
    card = page.locator("#card")
    card.locator(".card-name").wait_for()
    box = card.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    widths = []
    for dx in (-60, -140, -220, -60, 60, 140, 220, 300, 0):   # far past each edge, then back
        page.mouse.move(x + dx, y, steps=3)
        widths.append(page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth, window.scrollX]"))
    moved = card.evaluate("c => c.style.transform")
    page.mouse.up()
    # Back where it started: a drag short of the threshold swipes nothing.
    assert card.evaluate("c => c.style.transform") == ""
    return {"widths": widths, "moved": moved}


def test_the_header_is_one_row_on_a_phone_with_a_menu_for_the_rest(embedded, browser):
    api, _ = embedded
    person, _ = register(api, "Phoebe", ["time_donor", "job_seeker", "sponsor"],
                         sponsor={"capacity": 1})
    for locale in ("en-GB", "fr-FR"):
        assert browser.run(journey_header, api.base_url, person["token"], locale)


def test_dragging_a_card_never_widens_the_page(embedded, browser):
    api, _ = embedded
    register(api, "Selma", ["job_seeker"], accepts_sponsors=True, occupation="M1805")
    sponsor, as_sponsor = register(api, "Paulin", ["sponsor"], sponsor={"capacity": 2})
    wait_until("a card in the sponsor's deck", lambda: as_sponsor.items("/api/me/feed"))
    for locale in ("en-GB", "fr-FR"):
        result = browser.run(journey_drag, api.base_url, sponsor["token"], locale)
        assert "translateX" in result["moved"], "the card did not follow the pointer"
        for scroll_width, viewport_width, scrolled in result["widths"]:
            assert (scroll_width, scrolled) == (viewport_width, 0), result["widths"]


def journey_notices(browser, base_url, locale):
    """The landing page, the notices and the error page: no sideways scroll at 360 px, every
    control named, screenshots on a phone and a desktop."""
    page = new_page(browser, base_url, locale=locale, viewport=IPHONE)
    for path, name in (("/", "landing"), ("/privacy", "privacy"), ("/legal", "legal"),
                       ("/no/such/page", "not-found")):
        page.goto(path)
        check_page(page, f"{name}-{locale}")
        assert page.locator("footer a[href='/privacy']").is_visible()
    return True


def test_the_notices_and_the_error_page_fit_a_phone(embedded, browser):
    api, _ = embedded
    for locale in ("en-GB", "fr-FR"):
        assert browser.run(journey_notices, api.base_url, locale)

"""A visual check of every page, as each demo user, at a desktop and a phone width.

Each page is loaded in Debian's Chromium at 1,440 and 390 px and photographed whole; the
test fails when the page scrolls sideways, when text is cut off by its box, or when two
elements sit on top of each other. The screenshots of a failing run are kept in
artifacts/visual/ (CI keeps that folder), one file per user, page and width.
"""

import re
import shutil

import pytest
from django.core.management import call_command

from engagements.demo import DEMO_PASSWORD, USERS, seed_demo
from engagements.models import Activity, Engagement, Status
from engagements.selectors import engagement_list
from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS  # noqa: F401 (CHROMIUM_ARGS: same launch)

WIDTHS = (1440, 390)

# What the eye would catch, measured in the page. Hidden things (display: none, closed
# <details>, the 1 px screen-reader text) are skipped; boxes that scroll on purpose (a
# wide matrix in its own scrolling box) are not "clipped".
CHECKS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    // Name the outermost boxes that stick out and that nothing around them clips.
    const wide = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (el.getBoundingClientRect().right <= doc.clientWidth + 1) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") { clipped = true; break; }
      }
      if (!clipped && !wide.some((w) => w.contains(el))) wide.push(el);
    }
    const names = wide.slice(0, 3).map((el) =>
      `${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\\s+/g, ".")}`);
    problems.push(`the page scrolls sideways: ${doc.scrollWidth}px wide in ${doc.clientWidth}px`
      + ` (${names.join(", ")})`);
  }

  const shown = (el) => {
    // checkVisibility also says no for what a closed <details> holds.
    if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2;
  };
  const describe = (el) => {
    const text = (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    const classes = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes} "${text}"`;
  };

  // Text cut off: a box that hides its overflow while its content is larger than it.
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    const hidesX = ["hidden", "clip"].includes(style.overflowX);
    const hidesY = ["hidden", "clip"].includes(style.overflowY);
    if (!(hidesX || hidesY) || !shown(el) || !el.innerText || !el.innerText.trim()) continue;
    if ((hidesX && el.scrollWidth > el.clientWidth + 1)
        || (hidesY && el.scrollHeight > el.clientHeight + 1))
      problems.push(`text cut off by its box: ${describe(el)}`);
  }
  // Text in a form control wider than the control.
  const controls = "input[type=text], input:not([type]), select, button";
  for (const el of document.querySelectorAll(controls)) {
    if (shown(el) && el.scrollWidth > el.clientWidth + 2)
      problems.push(`text wider than its control: ${describe(el)}`);
  }

  // Overlaps between things people read or press, line box by line box (a link that
  // wraps is two boxes, not one rectangle over its neighbours).
  const items = Array.from(document.querySelectorAll(
    "a, button, input, select, textarea, label, h1, h2, h3, summary, th, p, li, "
    + ".badge, .tag, .status, .diff-tag, .letters"
  )).filter(shown);
  // The part of a box left visible by the boxes around it that scroll or clip.
  const visiblePart = (el, rect) => {
    let { left, top, right, bottom } = rect;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== "visible" || s.overflowY !== "visible") {
        const box = p.getBoundingClientRect();
        left = Math.max(left, box.left); right = Math.min(right, box.right);
        top = Math.max(top, box.top); bottom = Math.min(bottom, box.bottom);
      }
    }
    return { left, top, right, bottom };
  };
  const boxes = [];
  for (const el of items) {
    for (const rect of el.getClientRects()) {
      const part = visiblePart(el, rect);
      // Skip links wait off the page's left edge until focused: not on screen, not overlapping.
      if (part.right <= 0) continue;
      if (part.right - part.left > 2 && part.bottom - part.top > 2) boxes.push([el, part]);
    }
  }
  const seen = new Set();
  for (let i = 0; i < boxes.length; i++) {
    const [a, ra] = boxes[i];
    for (let j = i + 1; j < boxes.length; j++) {
      const [b, rb] = boxes[j];
      if (a === b || a.contains(b) || b.contains(a)) continue;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 3 && h > 3) {
        const key = describe(a) + " | " + describe(b);
        if (!seen.has(key)) { seen.add(key); problems.push(`overlap: ${key}`); }
      }
    }
  }
  return problems.slice(0, 20);
}"""


def _pages(user) -> list[str]:
    """Every page this person reads: the portfolio, starting an engagement (account
    managers), each client's assessment and recommendation, and each engagement's matrix,
    review, revisions, diff, compliance, audit trail and first activity; superseded
    revisions by their matrix only."""
    paths = ["/"]
    engagements = list(
        engagement_list(user=user).select_related("client").order_by("client__slug", "revision")
    )
    if any(e.account_manager_id == user.pk for e in engagements) or user.is_superuser:
        paths.append("/engagements/new/")
    for client_id in dict.fromkeys(e.client_id for e in engagements):
        paths += [f"/clients/{client_id}/assessment/", f"/clients/{client_id}/recommendation/"]
    for engagement in engagements:
        base = f"/engagements/{engagement.pk}/"
        paths.append(base)
        if engagement.status == Status.SUPERSEDED:
            continue
        paths += [f"{base}{page}/" for page in ("review", "history", "compliance", "audit")]
        if engagement.revision > 1:
            paths.append(f"{base}diff/?old={engagement.revision - 1}&new={engagement.revision}")
        row = engagement.rows.order_by("order").first()
        paths.append(f"{base}rows/{row.pk}/")
    return paths


@pytest.fixture
def demo(transactional_db):
    if not Activity.objects.exists():
        call_command("loaddata", "catalog", verbosity=0)
    seed_demo()
    return Engagement.objects.all()


def _name(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


@pytest.mark.parametrize("username", [username for username, *_ in USERS])
def test_every_page_looks_right_at_desktop_and_phone_widths(
    live_server, chromium, demo, username, tmp_path
):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    paths = _pages(user)
    shots = tmp_path / username
    shots.mkdir()
    found: dict[str, list[str]] = {}
    for width in WIDTHS:
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, (path, response.status)
            page.screenshot(path=str(shots / f"{_name(path)}-{width}.png"), full_page=True)
            problems = page.evaluate(CHECKS)
            if problems:
                found[f"{path} at {width} px"] = problems
        context.close()
    if found:
        kept = ARTIFACTS / "visual" / username
        shutil.rmtree(kept, ignore_errors=True)
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(shots, kept)
    for where, problems in found.items():
        print(where, *problems, sep="\n  ")
    assert found == {}, f"screenshots in {ARTIFACTS / 'visual' / username}"
    print(f"{username}: {len(paths)} pages at {', '.join(map(str, WIDTHS))} px")

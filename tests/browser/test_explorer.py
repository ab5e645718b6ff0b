"""An investigator's session in the explorer, in a real browser: search, expand, read the source,
find a path, and the analysis views, checked against what the sample notices are known to say
(samples/README.md)."""

from __future__ import annotations

import httpx

from tests.browser.conftest import shot


def tid(name: str) -> str:
    return f'[data-testid="{name}"]'


def pick(page, input_testid: str, text: str, name: str, container=None) -> None:
    """Type into a search box and click the suggestion with exactly this name."""
    root = page.locator(container) if container else page
    root.locator(tid(input_testid)).fill(text)
    option = root.locator(f'{tid("suggestion")}:has(.name:text-is("{name}"))').first
    option.wait_for()
    option.click()


def node_count(page, which: str = "cy") -> int:
    return page.evaluate(f"() => window.__skg.{which}.nodes().length")


def wait_idle(page) -> None:
    page.wait_for_function("() => document.getElementById('cy').dataset.state !== 'loading'")
    page.wait_for_timeout(700)  # the layout's animation


def click_node(page, node_id: str) -> None:
    """A real mouse click where the node is drawn on the canvas."""
    box = page.locator("#cy").bounding_box()
    pos = page.evaluate("(id) => window.__skg.cy.getElementById(id).renderedPosition()", node_id)
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])


def test_search_expand_provenance_and_path(page) -> None:
    shot(page, "01-start")
    assert page.locator(tid("graph-empty")).is_visible()

    # nothing found is said so, in Chinese
    page.locator(tid("search-input")).fill("并不存在的单位")
    page.locator(tid("search-suggestions")).locator("li.note", has_text="没有找到").wait_for()

    # search a county unit and pick the suggestion
    page.locator(tid("search-input")).fill("青禾县")
    page.locator(tid("suggestion")).first.wait_for()
    shot(page, "02-suggestions")
    page.locator(f'{tid("suggestion")}[data-type="Organization"]:has(.name:text-is("青禾县委"))').click()
    page.wait_for_function("() => window.__skg.cy.nodes().length === 1")
    unit_id = page.evaluate("() => window.__skg.cy.nodes()[0].id()")
    assert page.locator(tid("detail-name")).inner_text() == "青禾县委"
    assert not page.locator(tid("graph-empty")).is_visible()

    # click the node: its neighbours appear (problems switched off in the legend are not fetched)
    page.locator(tid("type-filter-Problem")).uncheck()
    page.wait_for_timeout(400)
    click_node(page, unit_id)
    page.wait_for_function("() => window.__skg.cy.nodes().length > 5")
    wait_idle(page)
    names = page.evaluate("() => window.__skg.cy.nodes().map(n => n.data('name'))")
    assert "周承远" in names  # 青禾县委书记 in s01, s02, s04
    types = set(page.evaluate("() => window.__skg.cy.nodes().map(n => n.data('type'))"))
    assert "Inspection" in types and "Person" in types and "Measure" in types
    assert "Problem" not in types
    page.locator(tid("type-filter-Problem")).check()
    assert page.locator(tid("graph-count")).inner_text().startswith("节点 ")
    shot(page, "03-expanded")

    # filter by type: persons hidden, then shown again
    visible_persons = "() => window.__skg.cy.nodes('[type = \"Person\"]').filter(n => n.visible()).length"
    shown = page.evaluate(visible_persons)
    assert shown > 0
    page.locator(tid("type-filter-Person")).uncheck()
    # the hidden class's style is applied on cytoscape's next frame: wait for it (as for the dates below)
    page.wait_for_function(f"() => ({visible_persons})() === 0", timeout=5000)
    page.locator(tid("type-filter-Person")).check()
    page.wait_for_function(f"() => ({visible_persons})() === {shown}", timeout=5000)
    # filter by date: the 2021 inspection goes, the 2023 回头看 stays
    visible_inspections = "() => window.__skg.cy.nodes('[type = \"Inspection\"]').filter(n => n.visible()).length"
    before = page.evaluate(visible_inspections)
    page.locator(tid("date-from")).fill("2023-01")
    page.wait_for_function(f"() => ({visible_inspections})() < {before}", timeout=5000)
    after = page.evaluate(visible_inspections)
    assert 0 < after < before
    page.locator(tid("date-clear")).click()
    # cytoscape applies the hidden class's style lazily: wait for it, as for the filter above
    page.wait_for_function(f"() => ({visible_inspections})() === {before}", timeout=5000)
    assert page.evaluate(visible_inspections) == before

    # a source sentence opens the document with the span highlighted and in view
    mention = page.locator(tid("mention")).first
    mention.wait_for()
    quote = mention.get_attribute("data-quote")
    mention.locator("q b").wait_for()  # the span shown inside its sentence
    assert mention.locator("q b").inner_text() == quote
    mention.click()
    highlight = page.locator(tid("document-highlight"))
    highlight.wait_for()
    assert quote and quote in highlight.inner_text()
    sentence = page.locator(tid("document-sentence")).inner_text()
    assert quote in sentence and len(sentence) > len(quote)
    doc_box = page.locator(tid("document-text")).bounding_box()
    mark_box = highlight.bounding_box()
    assert doc_box["y"] <= mark_box["y"] <= doc_box["y"] + doc_box["height"], "the highlighted span is scrolled into view"
    assert page.locator(tid("document-title")).inner_text() not in ("", "原文")
    shot(page, "04-document")
    page.locator(tid("document-close")).click()
    assert page.locator(tid("document-view")).is_hidden()

    # path finder: 青禾县委 and 石桥县委 were inspected by the same group (江川市委第三巡察组)
    pick(page, "path-from", "青禾县委", "青禾县委", container=tid("path-finder"))
    pick(page, "path-to", "石桥县", "石桥县委", container=tid("path-finder"))
    page.locator(tid("path-find")).click()
    steps = page.locator(tid("path-steps"))
    steps.wait_for()
    text = steps.inner_text()
    assert "青禾县委" in text and "石桥县委" in text
    on_path = page.evaluate("() => window.__skg.cy.nodes('.path').map(n => n.data('name'))")
    assert "青禾县委" in on_path and "石桥县委" in on_path and len(on_path) >= 3
    assert page.evaluate("() => window.__skg.cy.edges('.path').length") == len(on_path) - 1
    page.wait_for_timeout(400)
    shot(page, "05-path")
    page.console.check()


def test_every_source_sentence_of_a_unit_can_be_reached(page, explorer_url: str) -> None:
    """The panel fetches mentions a page at a time and follows the API's cursor to the last one."""
    pick(page, "search-input", "青禾县", "青禾县委")
    page.locator(tid("detail-name")).wait_for()
    unit = page.evaluate("() => window.__skg.cy.nodes()[0].id()")
    total = httpx.get(f"{explorer_url}/entities/{unit}", params={"mentions_limit": 0}, timeout=10).json()["mentions_total"]
    assert total > 50  # more than one page of the explorer (MENTIONS_PAGE in api/web/js/api.js)
    mentions = page.locator(f'{tid("detail-mentions")} {tid("mention")}')
    page.wait_for_function(f"() => document.querySelectorAll('{tid('mention')}').length === 8")
    page.locator(tid("mentions-more")).click()
    page.wait_for_function(f"() => document.querySelectorAll('{tid('mention')}').length === 50")
    load = page.locator(tid("mentions-load"))
    assert f"共 {total} 条" in load.inner_text()
    load.click()
    page.wait_for_function(f"() => document.querySelectorAll('{tid('mention')}').length === {total}")
    assert page.locator(tid("mentions-load")).count() == 0 and page.locator(tid("mentions-more")).count() == 0
    keys = page.evaluate(
        "(sel) => [...document.querySelectorAll(sel)].map(b => `${b.dataset.document}@${b.dataset.start}-${b.dataset.end}`)",
        tid("mention"),
    )
    assert len(set(keys)) == total == mentions.count()  # no page repeated, none skipped
    page.console.check()


def test_recurring_categories_chart(page) -> None:
    page.locator(tid("tab-recurring")).click()
    bars = page.locator(tid("recurring-bar"))
    bars.first.wait_for()
    categories = [bars.nth(i).get_attribute("data-category") for i in range(bars.count())]
    assert categories[0] == "财经纪律与资金管理"  # the most frequent category of the samples (17 problems)
    assert {"违反中央八项规定精神", "选人用人问题"} <= set(categories)
    page.locator(f'{tid("recurring-bar")}[data-category="违反中央八项规定精神"]').click()
    detail = page.locator(tid("category-detail"))
    detail.locator("h4", has_text="违反中央八项规定精神").wait_for()
    assert "青禾县委" in detail.inner_text()  # 公务接待 in s02, again in the 回头看 of s04
    shot(page, "06-recurring")
    # a unit's categories found again: 青禾县委's 2021 round, then the 回头看 of 2023 (s02 → s04)
    pick(page, "recurring-unit-input", "青禾县委", "青禾县委")
    rows = page.locator('[data-testid="unit-recurring"][data-unit="青禾县委"] [data-testid="unit-recurring-row"]')
    rows.first.wait_for()
    found = {rows.nth(i).get_attribute("data-category") for i in range(rows.count())}
    assert {"违反中央八项规定精神", "选人用人问题"} <= found
    assert "回头看" in page.locator(tid("unit-recurring")).inner_text()
    shot(page, "06b-unit-recurring")
    page.console.check()


def test_accountability_chain(page) -> None:
    page.locator(tid("tab-chain")).click()
    pick(page, "chain-unit-input", "青禾县委", "青禾县委")
    page.locator('[data-testid="chain-canvas"][data-unit="青禾县委"]').wait_for(state="attached")
    page.locator(tid("chain-inspection")).first.wait_for()
    # both inspections of 青禾县委: 2021 常规 by the 3rd group, 2023 回头看 by the 1st
    page.locator(tid("chain-inspections")).locator("button", has_text="全部").click()
    page.wait_for_timeout(300)
    names = page.evaluate("() => window.__skg.chain.nodes().map(n => n.data('name'))")
    steps = page.evaluate("() => Object.fromEntries(window.__skg.chain.nodes().map(n => [n.data('name'), n.data('step')]))")
    assert steps["江川市委"] == 1  # the authority (根据市委统一部署, s01)
    assert steps["江川市委巡察工作领导小组"] == 1  # 根据市委巡察工作领导小组部署 (s04)
    assert steps["江川市委第三巡察组"] == 2 and steps["江川市委第一巡察组"] == 2  # the groups
    assert steps["青禾县委"] == 3
    assert steps["周承远"] == 4  # 县委书记, 第一责任人
    assert any(steps[n] == 5 for n in names) and any(steps[n] == 6 for n in names)  # measures and outcomes
    assert page.evaluate("() => window.__skg.chain.edges().length") >= len(names) - 1
    page.locator(tid("chain-inspection")).last.click()
    page.wait_for_timeout(500)
    shot(page, "07-chain")
    page.console.check()


def test_cross_unit_links(page) -> None:
    page.locator(tid("tab-links")).click()
    # the whole graph's strongest pairs first
    page.locator(tid("link-row")).first.wait_for()
    assert page.evaluate("() => window.__skg.links.edges().length") > 3
    shot(page, "08-links-global")
    pick(page, "links-unit-input", "青禾县委", "青禾县委")
    page.locator('[data-testid="links-canvas"][data-unit="青禾县委"]').wait_for(state="attached")
    row = page.locator(tid("link-row"), has_text="石桥县委")
    row.wait_for()
    assert "江川市委第三巡察组" in row.inner_text()  # the same group, the same round
    widths = page.evaluate("() => window.__skg.links.edges().map(e => e.data('width'))")
    assert len(set(widths)) > 1, "edge width follows the link's weight"
    assert page.evaluate("() => window.__skg.links.nodes('.focus').map(n => n.data('name'))") == ["青禾县委"]
    shot(page, "09-links-unit")
    page.console.check()


def test_unit_timeline(page) -> None:
    page.locator(tid("tab-timeline")).click()
    pick(page, "timeline-unit-input", "青禾县委", "青禾县委")
    page.locator('[data-testid="timeline"][data-unit="青禾县委"]').wait_for(state="attached")
    items = page.locator(tid("timeline-item"))
    page.wait_for_function("() => document.querySelectorAll('[data-testid=timeline-item]').length >= 6")
    text = page.locator(tid("timeline")).inner_text()
    assert "2021年4月12日" in text and "巡察进驻" in text  # the 2021 round began 2021-04-12
    assert "回头看" in text and "江川市委第一巡察组" in text  # the 2023 回头看
    events = [items.nth(i).get_attribute("data-event") for i in range(items.count())]
    assert "rectification" in events and "feedback" in events
    assert page.locator(tid("timeline-axis")).is_visible()
    shot(page, "10-timeline")
    # a document of the timeline opens in the document view
    page.locator(".t-doc").first.click()
    page.locator(tid("document-text")).wait_for()
    page.wait_for_function("() => document.querySelector('[data-testid=document-text]').innerText.length > 200")
    page.console.check()

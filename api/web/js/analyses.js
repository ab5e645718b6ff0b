// The analysis views: 重复问题 (bar chart), 责任链 (layered graph), 跨单位关联 (weighted graph), 时间线.

import { analysis, inspectedUnits } from "./api.js";
import { openDocument } from "./detail.js";
import { FONT, LAYOUTS } from "./graph.js";
import { CHAIN_STEPS, typeInfo } from "./labels.js";
import { attachSuggest } from "./suggest.js";
import { byTestId, clear, el, empty, errorBox, fmtDate, loading, truncate } from "./util.js";

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// --- the unit shared by the unit views ------------------------------------------------------------

const unitListeners = [];
let currentUnit = null;
let quickUnits = null;

export function setUnit(unit) {
  currentUnit = unit;
  unitListeners.forEach((fn) => fn(unit));
}
export function getUnit() {
  return currentUnit;
}

/** A picker: a search limited to organisations plus quick picks of the units that were inspected. */
function unitPicker(host, testid, { allowNone = null } = {}) {
  const search = el("div", { class: "search" },
    el("input", { type: "search", placeholder: "搜索单位……", autocomplete: "off", "data-testid": `${testid}-input`, "aria-label": "单位" }),
    el("ul", { class: "suggestions", role: "listbox", hidden: true }));
  const chips = el("div", { class: "chips", style: { margin: 0, justifyContent: "flex-start" }, "data-testid": `${testid}-chips` });
  clear(host, el("span", { class: "hint", style: { whiteSpace: "nowrap" } }, "单位："), search, chips);
  const box = attachSuggest(search, { type: "Organization", keepText: true, onPick: (it) => setUnit({ id: it.id, name: it.name }) });

  const renderChips = () => {
    clear(chips);
    if (allowNone) {
      chips.append(el("button", { class: "pill" + (currentUnit ? "" : " active"), "data-testid": `${testid}-none`, onclick: () => setUnit(null) }, allowNone));
    }
    (quickUnits || []).slice(0, allowNone ? 3 : 4).forEach((u) => chips.append(el("button", {
      class: "pill" + (currentUnit && currentUnit.id === u.id ? " active" : ""), "data-testid": "unit-chip", "data-id": u.id,
      title: `${u.inspections} 次巡视巡察`, onclick: () => setUnit({ id: u.id, name: u.name }),
    }, u.name)));
  };
  unitListeners.push((u) => { box.set(u); renderChips(); });
  loadQuickUnits().then(renderChips).catch(() => {});
  renderChips();
}

async function loadQuickUnits() {
  if (!quickUnits) quickUnits = await inspectedUnits(12).catch(() => []);
  return quickUnits;
}

// --- 重复问题 -----------------------------------------------------------------------------------

export function createRecurring({ onEntity }) {
  const chartBox = byTestId("recurring-chart");
  const side = byTestId("category-units");
  let loaded = false;
  let shownFor = undefined;
  let seq = 0;
  unitPicker(byTestId("recurring-picker"), "recurring-unit");

  async function showUnit(unit) {
    const mine = ++seq;
    if (!unit) return;
    chartBox.querySelectorAll(".bar.active").forEach((b) => b.classList.remove("active"));
    clear(side, el("h4", {}, `${unit.name} · 重复出现的问题`), loading());
    let res;
    try {
      res = await analysis("unit_recurring", { unit: unit.id });
    } catch (err) {
      if (mine === seq) clear(side, el("h4", {}, unit.name), errorBox(err, "读取单位重复问题失败"));
      return;
    }
    if (mine !== seq) return;
    const when = (start, mode, group) => `${fmtDate(start)} ${mode || ""}${group ? " · " + group : ""}`;
    clear(side, el("div", { class: "cat-units", "data-testid": "unit-recurring", "data-unit": unit.name },
      el("h4", {}, `${unit.name} · 重复出现的问题`),
      res.records.length ? el("div", { class: "hint" }, `${res.records.length} 个类别在后续巡视巡察中再次发现`)
        : empty("没有在后续巡视巡察中再次发现的问题类别。"),
      res.records.map((r) => el("div", { class: "unit", "data-testid": "unit-recurring-row", "data-category": r.category },
        el("div", { class: "u-name", style: { color: "#9c36b5", cursor: "default" } }, r.category),
        el("div", { class: "hint" }, `前次：${when(r.earlierStart, r.earlierMode, r.earlierGroup)}`),
        el("ul", {}, (r.earlierProblems || []).slice(0, 3).map((h) => el("li", {}, truncate(h, 50)))),
        el("div", { class: "hint" }, `再次：${when(r.laterStart, r.laterMode, r.laterGroup)}`),
        el("ul", {}, (r.laterProblems || []).slice(0, 3).map((h) => el("li", {}, truncate(h, 50))))))));
  }
  unitListeners.push((u) => { if (byTestId("view-recurring").classList.contains("active")) { shownFor = u; showUnit(u); } });

  async function load() {
    if (loaded) return;
    loaded = true;
    clear(chartBox, loading());
    let res;
    try {
      res = await analysis("recurring_categories", { limit: 20 });
    } catch (err) {
      loaded = false;
      clear(chartBox, errorBox(err, "读取重复问题失败"));
      return;
    }
    if (!res.records.length) {
      clear(chartBox, empty("图谱中还没有问题类别。请先导入通报。"));
      return;
    }
    drawChart(res.records);
  }

  function drawChart(records) {
    const width = Math.max(chartBox.clientWidth - 24, 480);
    const labelW = 190;
    const rowH = 28;
    const top = 30;
    const height = top + records.length * rowH + 10;
    const max = Math.max(...records.map((r) => Math.max(r.units, r.inspections)), 1);
    const plotW = width - labelW - 60;
    const x = (v) => (v / max) * plotW;
    const root = svg("svg", { width, height, role: "img", "aria-label": "重复问题类别条形图", "data-testid": "recurring-svg" });
    // legend
    root.append(svg("rect", { x: labelW, y: 6, width: 12, height: 12, fill: "#b3261e", rx: 2 }),
      svg("text", { x: labelW + 18, y: 16, "font-size": 12, fill: "#3e4c59" }, "涉及单位数"),
      svg("rect", { x: labelW + 100, y: 6, width: 12, height: 12, fill: "#f0a8a3", rx: 2 }),
      svg("text", { x: labelW + 118, y: 16, "font-size": 12, fill: "#3e4c59" }, "巡视巡察次数"));
    // grid
    const ticks = Math.min(max, 6);
    for (let i = 0; i <= ticks; i++) {
      const v = Math.round((max * i) / ticks);
      root.append(svg("line", { x1: labelW + x(v), x2: labelW + x(v), y1: top - 4, y2: height - 6, stroke: "#eceef1" }));
    }
    records.forEach((r, i) => {
      const y = top + i * rowH;
      const years = (r.years || []).join("、");
      const g = svg("g", { class: "bar", "data-testid": "recurring-bar", "data-category": r.category, tabindex: 0 },
        svg("title", {}, `${r.category}\n单位 ${r.units} 个 · 巡视巡察 ${r.inspections} 次 · 问题 ${r.problems} 条\n年份：${years}`),
        svg("rect", { x: 0, y, width, height: rowH, fill: "transparent" }),
        svg("text", { x: labelW - 8, y: y + 17, "text-anchor": "end", "font-size": 13, fill: "#1f2933" }, truncate(r.category, 14)),
        svg("rect", { class: "units", x: labelW, y: y + 4, width: Math.max(x(r.units), 2), height: 10, fill: "#b3261e", rx: 2 }),
        svg("rect", { x: labelW, y: y + 15, width: Math.max(x(r.inspections), 2), height: 8, fill: "#f0a8a3", rx: 2 }),
        svg("text", { x: labelW + Math.max(x(r.units), x(r.inspections)) + 6, y: y + 17, "font-size": 12, fill: "#66727f" },
          `${r.units} / ${r.inspections}`));
      g.addEventListener("click", () => {
        root.querySelectorAll(".bar.active").forEach((b) => b.classList.remove("active"));
        g.classList.add("active");
        showCategory(r);
      });
      root.append(g);
    });
    clear(chartBox, el("div", { class: "chart" }, root));
    if (!currentUnit) {
      showCategory(records[0]);
      root.querySelector(".bar").classList.add("active");
    }
  }

  async function showCategory(r) {
    const mine = ++seq;
    clear(side, el("h4", {}, r.category), loading());
    let res;
    try {
      res = await analysis("category_units", { category: r.categoryId || r.category, limit: 50 });
    } catch (err) {
      if (mine === seq) clear(side, el("h4", {}, r.category), errorBox(err, "读取涉及单位失败"));
      return;
    }
    if (mine !== seq) return;
    clear(side, el("div", { class: "cat-units", "data-testid": "category-detail" },
      el("h4", {}, r.category),
      el("div", { class: "hint" }, `${r.units} 个单位 · ${r.inspections} 次巡视巡察 · ${r.problems} 条问题 · ${(r.years || []).join("、")}`),
      r.quote ? el("button", { class: "mention", style: { marginTop: "8px" }, onclick: () => openDocument(r.document, { quote: r.quote }) },
        el("span", { class: "m-doc" }, "最早的问题原文"), el("q", {}, r.quote)) : null,
      res.records.length ? res.records.map((u) => el("div", { class: "unit" },
        el("span", { class: "u-name", onclick: () => onEntity({ id: u.unitId, name: u.unit, type: "Organization" }) }, u.unit),
        el("span", { class: "hint" }, ` 问题 ${u.problems} 条 · ${(u.years || []).join("、")}`),
        el("ul", {}, (u.headlines || []).slice(0, 4).map((h) => el("li", {}, truncate(h, 60)))))) : empty("没有单位。")));
  }

  return {
    show() {
      load();
      if (currentUnit && shownFor !== currentUnit) { shownFor = currentUnit; showUnit(currentUnit); }
    },
  };
}

// --- 责任链 ----------------------------------------------------------------------------------------

/** At most `lines` lines of `per` characters, the last one cut with an ellipsis. */
function wrap(text, per = 9, lines = 2) {
  const s = String(text ?? "");
  const out = [];
  for (let i = 0; i < s.length && out.length < lines; i += per) out.push(s.slice(i, i + per));
  if (s.length > per * lines) out[lines - 1] = out[lines - 1].slice(0, per - 1) + "…";
  return out.join("\n");
}

function chainLabel(row) {
  if (row.step === 6) return wrap(row.detail || row.name);
  if (row.step === 5) return wrap(String(row.name).replace(/^整改情况[:：]\s*/, ""));
  if (row.step === 4) return row.detail ? `${row.name}\n${truncate(row.detail, 9)}` : row.name;
  return wrap(row.name);
}

export function createChain({ onEntity }) {
  const status = byTestId("chain-status");
  const steps = byTestId("chain-steps");
  const container = document.getElementById("cy-chain");
  let cy = null;
  let shownFor = undefined;
  let inspection = null;
  let seq = 0;

  clear(steps, CHAIN_STEPS.flatMap((s, i) => [i ? el("i", {}, "→") : null, el("span", { style: { background: s.color } }, s.zh)]));
  unitPicker(byTestId("chain-picker"), "chain-unit");

  function ensureCy() {
    if (cy) return cy;
    cy = window.cytoscape({
      container, minZoom: 0.1, maxZoom: 2.5, boxSelectionEnabled: false,
      style: [
        { selector: "node", style: {
          "background-color": "#fff", "border-color": "data(color)", "border-width": 2, shape: "round-rectangle",
          width: "data(w)", height: "data(h)", label: "data(label)",
          "font-family": FONT, "font-size": 12, "text-wrap": "wrap", "text-max-width": 170, "text-valign": "center", "text-halign": "center",
          color: "#1f2933" } },
        { selector: "node[step <= 3]", style: { "background-color": "data(color)", color: "#fff", "font-weight": 600 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#1d5fbf", "background-color": "#eef3fb", color: "#1f2933" } },
        { selector: "edge", style: { width: 1.3, "line-color": "#c3c9d1", "target-arrow-shape": "triangle", "target-arrow-color": "#c3c9d1",
          "curve-style": "bezier", "arrow-scale": 0.7, label: "data(label)", "font-family": FONT, "font-size": 9, color: "#66727f",
          "text-background-color": "#fff", "text-background-opacity": 0.9 } },
      ],
    });
    window.__skg = { ...(window.__skg || {}), chain: cy };
    cy.on("tap", "node", (ev) => {
      const d = ev.target.data();
      if (d.entityType) onEntity({ id: d.id, name: d.name, type: d.entityType });
    });
    return cy;
  }

  async function render(unit) {
    const mine = ++seq;
    if (!unit) {
      if (cy) cy.elements().remove();
      clear(status, empty("请选择一个被巡视巡察单位（上方搜索或快捷选择）。"));
      return;
    }
    clear(status, loading(`正在读取“${unit.name}”的责任链……`));
    let res;
    try {
      res = await analysis("accountability_chain", { unit: unit.id });
    } catch (err) {
      if (mine === seq) clear(status, errorBox(err, "读取责任链失败"));
      return;
    }
    if (mine !== seq) return;
    if (!res.records.length) {
      if (cy) cy.elements().remove();
      clear(status, empty(`“${unit.name}”没有被巡视巡察的记录。`));
      return;
    }
    draw(unit, res.records);
  }

  function draw(unit, records) {
    const inspections = [];
    for (const r of records) if (!inspections.find((i) => i.id === r.inspection)) inspections.push({ id: r.inspection, start: r.start, mode: r.mode });
    if (inspection !== "*" && !inspections.find((i) => i.id === inspection)) inspection = inspections[inspections.length - 1].id;
    const rows = records.filter((r) => inspection === "*" || r.inspection === inspection);
    const stepOf = Object.fromEntries(CHAIN_STEPS.map((s) => [s.step, s]));
    const nodes = new Map();
    for (const r of rows) {
      if (!nodes.has(r.id)) {
        nodes.set(r.id, { id: r.id, step: r.step, name: r.name, label: chainLabel(r), color: stepOf[r.step]?.color || "#868e96",
          entityType: r.id.startsWith("org-") ? "Organization" : r.id.startsWith("per-") ? "Person" : r.id.startsWith("meas-") ? "Measure" : r.id.startsWith("fig-") ? "Figure" : null });
      } else if (r.step === 4 && r.detail && !nodes.get(r.id).label.includes(r.detail)) {
        const n = nodes.get(r.id);
        const [first, second = ""] = n.label.split("\n");
        n.label = `${first}\n${truncate(second ? `${second}、${r.detail}` : r.detail, 9)}`;
      }
    }
    for (const n of nodes.values()) {
      // the box fits its label, so the layered layout never lets two labels overlap
      const lines = n.label.split("\n");
      n.w = 16 + 12.5 * Math.min(9, Math.max(...lines.map((l) => l.length)));
      n.h = 10 + 17 * lines.length;
    }
    const edges = new Map();
    const addEdge = (a, b, label = "") => {
      if (!a || !b || a === b || !nodes.has(a) || !nodes.has(b)) return;
      // always from the lower step to the higher one, so the layers read left to right
      const [s, t] = nodes.get(a).step <= nodes.get(b).step ? [a, b] : [b, a];
      const key = `${s}>${t}`;
      if (!edges.has(key)) edges.set(key, { id: key, source: s, target: t, label });
    };
    const byInsp = {};
    for (const r of rows) if (r.step <= 3) (byInsp[r.inspection] ||= {})[r.role] = r.id;
    for (const r of rows) {
      const head = byInsp[r.inspection] || {};
      if (r.step === 2) addEdge(head.authority, r.id, "部署");
      else if (r.step === 3) {
        const insp = inspections.find((i) => i.id === r.inspection);
        addEdge(head.group, r.id, insp ? `${(insp.start || "").slice(0, 7)} ${insp.mode || ""}` : "");
      } else if (r.step >= 4) {
        const via = r.via && r.via.startsWith("insp-") ? head.unit : r.via;
        addEdge(via, r.id, r.role === "responsible" ? r.detail : "");
        // a measure taken by another unit still hangs from the inspected unit, so it stays in its layer
        if (r.step === 5 && nodes.has(via) && nodes.get(via).step === 7) addEdge(head.unit, r.id);
      }
    }
    const c = ensureCy();
    c.elements().remove();
    c.add([...nodes.values()].map((d) => ({ group: "nodes", data: d })));
    c.add([...edges.values()].map((d) => ({ group: "edges", data: d })));
    const name = LAYOUTS.dagre ? "dagre" : "breadthfirst";
    c.layout(name === "dagre"
      ? { name, rankDir: "LR", nodeSep: 6, rankSep: 36, edgeSep: 4, fit: true, padding: 16,
        minLen: (e) => Math.max(1, e.target().data("step") - e.source().data("step")) }
      : { name, directed: true, fit: true, padding: 20 }).run();
    container.dataset.nodes = String(c.nodes().length);
    container.dataset.unit = unit.name;
    // inspection switcher and summary
    clear(status);
    const picker = el("div", { class: "chips", style: { position: "absolute", left: "10px", top: "8px", margin: 0, pointerEvents: "auto" }, "data-testid": "chain-inspections" },
      inspections.length > 1 ? el("button", { class: "pill" + (inspection === "*" ? " active" : ""), onclick: () => { inspection = "*"; draw(unit, records); } }, "全部") : null,
      inspections.map((i) => el("button", { class: "pill" + (inspection === i.id ? " active" : ""), "data-testid": "chain-inspection", onclick: () => { inspection = i.id; draw(unit, records); } },
        `${fmtDate(i.start)} ${i.mode || ""}`)));
    status.append(picker);
  }

  unitListeners.push((u) => { if (byTestId("view-chain").classList.contains("active")) { shownFor = u; inspection = null; render(u); } });
  return {
    show() {
      if (shownFor !== currentUnit || !cy) { shownFor = currentUnit; inspection = null; render(currentUnit); } else cy.resize();
    },
  };
}

// --- 跨单位关联 ------------------------------------------------------------------------------------

export function createLinks({ onEntity }) {
  const status = byTestId("links-status");
  const table = byTestId("links-table");
  const container = document.getElementById("cy-links");
  let cy = null;
  let shownFor = undefined;
  let seq = 0;
  unitPicker(byTestId("links-picker"), "links-unit", { allowNone: "全局最强关联" });

  function ensureCy() {
    if (cy) return cy;
    cy = window.cytoscape({
      container, minZoom: 0.15, maxZoom: 2.5, boxSelectionEnabled: false,
      style: [
        { selector: "node", style: {
          "background-color": typeInfo("Organization").color, label: "data(label)", width: "data(size)", height: "data(size)",
          "font-family": FONT, "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, color: "#1f2933",
          "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
        { selector: "node.focus", style: { "background-color": "#b3261e", "font-size": 13, "font-weight": 600 } },
        { selector: "edge", style: { width: "data(width)", "line-color": "data(color)", opacity: 0.8, "curve-style": "bezier",
          label: "data(label)", "font-family": FONT, "font-size": 10, color: "#3e4c59",
          "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
        { selector: "edge:selected", style: { "line-color": "#1d5fbf" } },
      ],
    });
    window.__skg = { ...(window.__skg || {}), links: cy };
    cy.on("tap", "node", (ev) => onEntity({ id: ev.target.id(), name: ev.target.data("name"), type: "Organization" }));
    return cy;
  }

  async function render(unit) {
    const mine = ++seq;
    clear(status, loading(unit ? `正在读取“${unit.name}”的关联单位……` : "正在读取全局最强关联……"));
    clear(table);
    let res;
    try {
      res = unit ? await analysis("cross_unit_links", { unit: unit.id, limit: 30 }) : await analysis("strongest_links", { limit: 30 });
    } catch (err) {
      if (mine === seq) clear(status, errorBox(err, "读取跨单位关联失败"));
      return;
    }
    if (mine !== seq) return;
    const c = ensureCy();
    c.elements().remove();
    if (!res.records.length) {
      clear(status, empty(unit ? `没有与“${unit.name}”关联的单位。` : "没有单位之间的关联。"));
      return;
    }
    clear(status);
    const links = res.records.map((r) => unit ? { a: unit.id, aName: unit.name, ...r, b: r.otherId, bName: r.other } : { a: r.unitId, aName: r.unit, b: r.otherId, bName: r.other, ...r });
    const maxScore = Math.max(...links.map((l) => l.score), 1);
    const degree = {};
    links.forEach((l) => { degree[l.a] = (degree[l.a] || 0) + l.score; degree[l.b] = (degree[l.b] || 0) + l.score; });
    const names = {};
    links.forEach((l) => { names[l.a] = l.aName; names[l.b] = l.bName; });
    c.add(Object.keys(names).map((id) => ({ group: "nodes", classes: unit && id === unit.id ? "focus" : "",
      data: { id, name: names[id], label: truncate(names[id], 14), size: 16 + Math.min(24, 4 * Math.sqrt(degree[id])) } })));
    c.add(links.map((l, i) => ({ group: "edges", data: {
      id: `l${i}`, source: l.a, target: l.b, score: l.score,
      width: 1.5 + 9 * (l.score / maxScore), color: (l.persons || []).length ? "#d9480f" : (l.groups || []).length ? "#b3261e" : "#9c36b5",
      label: Number(l.score).toFixed(2) } })));
    c.layout(unit ? { name: "concentric", concentric: (n) => (n.hasClass("focus") ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 40, fit: true, padding: 30 }
      : (LAYOUTS.fcose ? { name: "fcose", randomize: true, animate: false, fit: true, padding: 30, idealEdgeLength: 120, nodeRepulsion: 9000 } : { name: "cose", animate: false })).run();
    container.dataset.edges = String(c.edges().length);
    container.dataset.unit = unit ? unit.name : "";
    clear(table,
      el("div", { class: "hint", style: { marginBottom: "6px" } }, "线宽表示关联强度；橙色：共同人员，红色：同一巡察组，紫色：共同问题类别或制度。"),
      el("table", { class: "grid", "data-testid": "links-rows" },
        el("thead", {}, el("tr", {}, el("th", {}, unit ? "关联单位" : "单位对"), el("th", {}, "强度"))),
        el("tbody", {}, links.map((l) => el("tr", { class: "link-row", "data-testid": "link-row" },
          el("td", {},
            unit ? null : [el("span", { class: "other", onclick: () => onEntity({ id: l.a, name: l.aName, type: "Organization" }) }, l.aName), " — "],
            el("span", { class: "other", onclick: () => onEntity({ id: l.b, name: l.bName, type: "Organization" }) }, l.bName),
            el("div", { class: "why" }, reasons(l))),
          el("td", { class: "score" }, Number(l.score).toFixed(2)))))));
  }

  function reasons(l) {
    const out = [];
    if ((l.persons || []).length) out.push(`共同人员：${l.persons.join("、")}`);
    if ((l.groups || []).length) out.push(`同一巡察组：${l.groups.join("、")}`);
    if ((l.rounds || []).length) out.push(`同一轮次：${l.rounds.join("、")}`);
    if ((l.categories || []).length) out.push(`共同问题类别：${l.categories.join("、")}（Jaccard ${Number(l.jaccard).toFixed(2)}）`);
    else if (l.jaccard) out.push(`问题类别相似度 ${Number(l.jaccard).toFixed(2)}`);
    if ((l.regulations || []).length) out.push(`共同制度：${l.regulations.join("、")}`);
    return out.join("；");
  }

  unitListeners.push((u) => { if (byTestId("view-links").classList.contains("active")) { shownFor = u; render(u); } });
  return {
    show() {
      if (shownFor !== currentUnit || !cy) { shownFor = currentUnit; render(currentUnit); } else cy.resize();
    },
  };
}

// --- 时间线 ----------------------------------------------------------------------------------------

const EVENTS = {
  start: { zh: "巡察进驻", color: "#b3261e" },
  end: { zh: "巡察结束", color: "#e8590c" },
  feedback: { zh: "反馈意见", color: "#d9480f" },
  news: { zh: "反馈报道", color: "#1d5fbf" },
  rectification: { zh: "整改通报", color: "#2b8a3e" },
  document: { zh: "相关文档", color: "#495057" },
};

export function createTimeline() {
  const box = byTestId("timeline");
  let shownFor = undefined;
  let seq = 0;
  unitPicker(byTestId("timeline-picker"), "timeline-unit");

  async function render(unit) {
    const mine = ++seq;
    if (!unit) { clear(box, empty("请选择一个被巡视巡察单位（上方搜索或快捷选择）。")); return; }
    clear(box, loading(`正在读取“${unit.name}”的时间线……`));
    let res;
    try {
      res = await analysis("unit_timeline", { unit: unit.id });
    } catch (err) {
      if (mine === seq) clear(box, errorBox(err, "读取时间线失败"));
      return;
    }
    if (mine !== seq) return;
    if (!res.records.length) { clear(box, empty(`“${unit.name}”没有巡视巡察记录。`)); return; }
    const inspections = [];
    res.records.forEach((r) => { if (!inspections.includes(r.inspection)) inspections.push(r.inspection); });
    const palette = ["#b3261e", "#1d5fbf", "#2b8a3e", "#9c36b5", "#0b7285", "#d9480f"];
    box.dataset.unit = unit.name;
    clear(box, axis(res.records, inspections, palette),
      el("div", { class: "timeline", "data-testid": "timeline-items" }, res.records.map((r) => {
        const ev = EVENTS[r.event] || { zh: r.event, color: "#495057" };
        const color = palette[inspections.indexOf(r.inspection) % palette.length];
        const detail = String(r.detail || "").replace(/ \((\d+) problems, (\d+) measures\)$/, (_, p, m) => `（问题 ${p} 条，整改措施 ${m} 项）`);
        return el("div", { class: "tl-item", "data-testid": "timeline-item", "data-event": r.event },
          el("div", { class: "tl-date" }, r.date ? fmtDate(r.date) : "日期不详"),
          el("div", { class: "tl-rail" }, el("span", { class: "dot", style: { background: ev.color } })),
          el("div", { class: "tl-card", style: { borderLeft: `3px solid ${color}` } },
            el("div", { class: "t-event" }, ev.zh, el("span", { class: "t-meta" }, `　${r.kind || ""}${r.mode ? " · " + r.mode : ""}${r.group ? " · " + r.group : ""}`)),
            r.document ? el("div", { class: "t-doc", onclick: () => openDocument(r.document) }, "原文：", detail) : el("div", { class: "t-meta" }, detail)));
      })));
  }

  function axis(records, inspections, palette) {
    const dated = records.filter((r) => r.date);
    if (!dated.length) return null;
    const t = (d) => new Date(d.length === 7 ? d + "-01" : d.length === 4 ? d + "-01-01" : d).getTime();
    const min = Math.min(...dated.map((r) => t(r.date)));
    const max = Math.max(...dated.map((r) => t(r.date)));
    const w = Math.max(box.clientWidth - 60, 400);
    const pad = 30;
    const x = (d) => pad + (max === min ? 0.5 : (t(d) - min) / (max - min)) * (w - 2 * pad);
    const root = svg("svg", { width: w, height: 58, class: "tl-axis", "data-testid": "timeline-axis" },
      svg("line", { x1: pad, x2: w - pad, y1: 30, y2: 30, stroke: "#c3c9d1", "stroke-width": 2 }));
    // each inspection as a band: on site (start → feedback) dark, rectification (→ last notice) light
    inspections.forEach((id, k) => {
      const rows = dated.filter((r) => r.inspection === id);
      const at = (ev) => rows.find((r) => r.event === ev)?.date;
      const s0 = at("start") || rows[0].date;
      const f0 = at("feedback") || at("end") || s0;
      const last = rows[rows.length - 1].date;
      const color = palette[k % palette.length];
      root.append(
        svg("rect", { x: x(s0), y: 24, width: Math.max(x(f0) - x(s0), 2), height: 12, fill: color, opacity: 0.85, rx: 2 },
          svg("title", {}, `巡察期间 ${fmtDate(s0)} — ${fmtDate(f0)}`)),
        svg("rect", { x: x(f0), y: 26, width: Math.max(x(last) - x(f0), 0), height: 8, fill: color, opacity: 0.3, rx: 2 },
          svg("title", {}, `整改期间 ${fmtDate(f0)} — ${fmtDate(last)}`)));
    });
    const y0 = new Date(min).getFullYear();
    const y1 = new Date(max).getFullYear();
    for (let y = y0; y <= y1 + 1; y++) {
      const ts = new Date(`${y}-01-01`).getTime();
      if (ts < min - 1 || ts > max + 1) continue;
      const xx = x(`${y}-01-01`);
      root.append(svg("line", { x1: xx, x2: xx, y1: 24, y2: 36, stroke: "#8a949e" }), svg("text", { x: xx, y: 52, "text-anchor": "middle", "font-size": 11, fill: "#66727f" }, `${y}年`));
    }
    dated.forEach((r) => {
      const c = palette[inspections.indexOf(r.inspection) % palette.length];
      root.append(svg("circle", { cx: x(r.date), cy: 30, r: 5, fill: (EVENTS[r.event] || {}).color || c, stroke: "#fff", "stroke-width": 1.5 },
        svg("title", {}, `${fmtDate(r.date)} ${(EVENTS[r.event] || { zh: r.event }).zh}`)));
    });
    return root;
  }

  unitListeners.push((u) => { if (byTestId("view-timeline").classList.contains("active")) { shownFor = u; render(u); } });
  return { show() { if (shownFor !== currentUnit) { shownFor = currentUnit; render(currentUnit); } } };
}

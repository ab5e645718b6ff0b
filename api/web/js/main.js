// The explorer: wires the search, the canvas, the detail panel, the path finder and the analysis views.

import { inspectedUnits, paths, stats } from "./api.js";
import { createChain, createLinks, createRecurring, createTimeline } from "./analyses.js";
import { createDetail, setDocumentEntityHandler, wireDocumentView } from "./detail.js";
import { createGraph, LAYOUTS } from "./graph.js";
import { CANVAS_TYPES, relZh, TYPES, typeInfo } from "./labels.js";
import { attachSuggest } from "./suggest.js";
import { $$, byTestId, clear, el, errorBox, loading, showError } from "./util.js";

function fatal(message, detail) {
  document.body.prepend(el("div", { class: "error-box", "data-testid": "fatal", style: { margin: "0", borderRadius: "0" } }, message,
    detail ? el("small", {}, detail) : null));
}

function start() {
  if (typeof window.cytoscape !== "function") {
    fatal("图形库未能加载：请在项目目录执行 npm ci --prefix api/web 后刷新页面。", "window.cytoscape is missing (/vendor/cytoscape.min.js)");
    return;
  }
  for (const [name, ext] of [["fcose", window.cytoscapeFcose], ["dagre", window.cytoscapeDagre]]) {
    try {
      if (ext) { window.cytoscape.use(ext); LAYOUTS[name] = true; }
    } catch (err) {
      console.warn("layout extension", name, err);
    }
  }
  wireDocumentView();

  const views = {};
  let graph = null;
  let detail = null;

  const showEntity = (ref, { onCanvas = false } = {}) => {
    detail.showEntity(ref);
    if (onCanvas) {
      activate("graph");
      graph.addEntity({ id: ref.id, type: ref.type, name: ref.name });
    }
  };

  detail = createDetail({
    onExpand: (d) => {
      activate("graph");
      graph.addEntity({ id: d.id, type: d.type, name: d.name, properties: d.properties });
      graph.expand(d.id).catch(() => {});
    },
    onPathEnd: (which, d) => {
      activate("graph");
      pathBoxes[which].set({ id: d.id, name: d.name, type: d.type });
    },
    onOpenEntity: (ref) => showEntity(ref, { onCanvas: true }),
  });
  setDocumentEntityHandler((entity) => detail.showEntity(entity));

  // --- canvas ---
  const emptyState = byTestId("graph-empty");
  graph = createGraph(document.getElementById("cy"), {
    onSelectNode: (ref) => detail.showEntity(ref),
    onSelectEdge: (e) => detail.showEdge(e),
    onChange: ({ nodes, edges, visible, truncated }) => {
      byTestId("graph-count").textContent = `节点 ${nodes} · 关系 ${edges}` +
        (visible < nodes ? ` · 已筛除 ${nodes - visible}` : "") + (truncated ? " · 部分邻居未显示（每次展开至多 40 个）" : "");
      emptyState.hidden = nodes > 0;
    },
  });
  window.__skg = { ...(window.__skg || {}), graph, cy: graph.cy };

  // --- search ---
  attachSuggest(document.getElementById("main-search"), {
    onPick: (it) => {
      activate("graph");
      graph.addEntity({ id: it.id, type: it.type, name: it.name });
      detail.showEntity(it);
    },
  });

  // --- legend and filters ---
  const hidden = new Set();
  const legend = byTestId("legend");
  for (const type of CANVAS_TYPES) {
    const info = TYPES[type];
    const box = el("input", { type: "checkbox", checked: true, "data-testid": `type-filter-${type}` });
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(type); else hidden.add(type);
      graph.setHiddenTypes(hidden);
    });
    legend.append(el("li", {}, el("label", {}, box, el("span", { class: "dot", style: { background: info.color } }), info.zh)));
  }
  const from = byTestId("date-from");
  const to = byTestId("date-to");
  const dates = () => graph.setDates(from.value, to.value);
  for (const box of [from, to]) for (const ev of ["input", "change"]) box.addEventListener(ev, dates);
  byTestId("date-clear").addEventListener("click", () => { from.value = ""; to.value = ""; dates(); });
  byTestId("graph-layout").addEventListener("click", () => graph.layout({ fit: true }));
  byTestId("graph-fit").addEventListener("click", () => graph.fit());
  byTestId("graph-clear").addEventListener("click", () => { graph.clear(); detail.clear(); clear(byTestId("path-result")); });

  // --- path finder ---
  const pathBoxes = {
    from: attachSuggest(document.getElementById("path-from"), { keepText: true }),
    to: attachSuggest(document.getElementById("path-to"), { keepText: true }),
  };
  const pathResult = byTestId("path-result");
  byTestId("path-find").addEventListener("click", async () => {
    const a = pathBoxes.from.picked;
    const b = pathBoxes.to.picked;
    if (!a || !b) {
      clear(pathResult, el("div", { class: "hint" }, "请先从建议列表中选择起点和终点。"));
      return;
    }
    clear(pathResult, loading("正在查找路径……"));
    try {
      const found = await paths(a.id, b.id, { viaHubs: byTestId("path-via-hubs").checked });
      if (!found.length) {
        clear(pathResult, el("div", { class: "hint", "data-testid": "path-none" }, "6 步之内没有找到路径。可勾选“允许经过问题类别、制度”再试。"));
        return;
      }
      const p = found[0];
      graph.showPath(p);
      clear(pathResult, el("div", { "data-testid": "path-steps" },
        el("div", { class: "hint" }, `共 ${p.edges.length} 步`),
        el("ol", {}, p.nodes.map((n, i) => el("li", {},
          el("span", { class: "badge", style: { background: typeInfo(n.type).color, marginRight: "4px" } }, typeInfo(n.type).zh),
          el("span", { class: "entity-link", onclick: () => detail.showEntity(n) }, n.name),
          p.edges[i] ? el("div", { class: "rel" }, `↓ ${relZh(p.edges[i].type)}`) : null)))));
    } catch (err) {
      clear(pathResult, errorBox(err, "查找路径失败"));
    }
  });

  // --- views ---
  const onEntity = (ref) => detail.showEntity(ref);
  views.recurring = createRecurring({ onEntity });
  views.chain = createChain({ onEntity });
  views.links = createLinks({ onEntity });
  views.timeline = createTimeline();

  function activate(name) {
    $$(".tabs button").forEach((b) => b.classList.toggle("active", b.dataset.view === name));
    $$(".view").forEach((v) => v.classList.toggle("active", v.id === `view-${name}`));
    if (name === "graph") graph.cy.resize();
    else views[name].show();
    if (location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
  }
  $$(".tabs button").forEach((b) => b.addEventListener("click", () => activate(b.dataset.view)));

  // --- start chips and stats ---
  inspectedUnits(8).then((units) => {
    const chips = byTestId("start-chips");
    units.forEach((u) => chips.append(el("button", { class: "pill", "data-testid": "start-chip", onclick: () => {
      graph.addEntity({ id: u.id, type: "Organization", name: u.name });
      detail.showEntity({ id: u.id, name: u.name, type: "Organization" });
      graph.expand(u.id).catch(() => {});
    } }, u.name)));
  }).catch((err) => showError(err, "读取单位列表失败"));
  stats().then((s) => {
    const nodes = s.nodes ? Object.values(s.nodes).reduce((a, b) => a + b, 0) : null;
    const rels = s.relationships ? Object.values(s.relationships).reduce((a, b) => a + b, 0) : null;
    if (nodes !== null) byTestId("db-stats").textContent = `图谱：${nodes} 个实体 · ${rels} 条关系`;
  }).catch(() => {});

  const initial = location.hash.replace("#", "");
  if (initial && initial !== "graph" && views[initial]) activate(initial);
}

window.addEventListener("error", (ev) => console.error("explorer:", ev.message));
start();

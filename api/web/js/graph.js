// The main canvas: entities added from search, expanded on click, filtered by type and date.

import { datesOf, neighbours } from "./api.js";
import { CANVAS_TYPES, relZh, typeInfo, TYPES } from "./labels.js";
import { monthOf, showError, truncate } from "./util.js";

/** The layout extensions registered by main.js (cytoscape.use), by name. */
export const LAYOUTS = { fcose: false, dagre: false };

export const FONT = '"PingFang SC","Noto Sans CJK SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif';

export function baseStyle() {
  return [
    {
      selector: "node",
      style: {
        "background-color": "data(color)",
        shape: "data(shape)",
        label: "data(label)",
        width: 26,
        height: 26,
        "font-family": FONT,
        "font-size": 11,
        color: "#1f2933",
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-wrap": "wrap",
        "text-max-width": 120,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.75,
        "text-background-padding": 1,
        "border-width": 2,
        "border-color": "#ffffff",
        "min-zoomed-font-size": 7,
        "transition-property": "opacity",
        "transition-duration": 150,
      },
    },
    { selector: "node[?expanded]", style: { "border-color": "#1f2933", "border-width": 2 } },
    { selector: "node:selected", style: { "border-color": "#1d5fbf", "border-width": 4, "overlay-opacity": 0 } },
    { selector: "node.center", style: { width: 36, height: 36, "font-size": 12, "font-weight": 600 } },
    {
      selector: "edge",
      style: {
        width: 1.4,
        "line-color": "#b8c0ca",
        "target-arrow-color": "#b8c0ca",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        "curve-style": "bezier",
        label: "",
        "font-family": FONT,
        "font-size": 9,
        color: "#66727f",
        "text-rotation": "autorotate",
        "text-background-color": "#fbfbfc",
        "text-background-opacity": 0.9,
        "text-background-padding": 1,
      },
    },
    { selector: "edge.labelled, edge.path, edge:selected", style: { label: "data(label)" } },
    { selector: "edge:selected", style: { "line-color": "#1d5fbf", "target-arrow-color": "#1d5fbf", width: 2.5 } },
    { selector: "edge.path", style: { "line-color": "#b3261e", "target-arrow-color": "#b3261e", width: 4, "z-index": 10 } },
    { selector: "node.path", style: { "border-color": "#b3261e", "border-width": 4 } },
    { selector: ".faded", style: { opacity: 0.18 } },
    { selector: ".hidden", style: { display: "none" } },
  ];
}

function nodeDates(type, p) {
  if (type === "Inspection") {
    const from = monthOf(p.start) || monthOf(p.feedbackDate) || monthOf(p.end);
    const to = monthOf(p.end) || monthOf(p.feedbackDate) || from;
    return from ? { dfrom: from, dto: to && to >= from ? to : from } : null;
  }
  if (type === "Document") {
    const d = monthOf(p.publishedAt);
    return d ? { dfrom: d, dto: d } : null;
  }
  return null;
}

export function nodeData(n) {
  const info = typeInfo(n.type);
  return {
    id: n.id,
    type: n.type,
    name: n.name || n.id,
    label: truncate(n.name || n.id, n.type === "Problem" || n.type === "Measure" || n.type === "Figure" ? 10 : 14),
    color: info.color,
    shape: info.shape,
    ...(nodeDates(n.type, n.properties || {}) || {}),
  };
}

export function createGraph(container, { onSelectNode, onSelectEdge, onChange } = {}) {
  const cy = window.cytoscape({
    container,
    style: baseStyle(),
    minZoom: 0.15,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  const filters = { hiddenTypes: new Set(), from: null, to: null };
  let layoutRun = null;
  const pending = new Map(); // id → promise of a running expansion

  const changed = () => onChange && onChange({
    nodes: cy.nodes().length, edges: cy.edges().length, visible: cy.nodes(":visible").length,
    truncated: cy.nodes("[?truncated]").length,
  });

  function addNodes(nodes, around = null) {
    const added = [];
    const center = around ? around.position() : { x: container.clientWidth / 2, y: container.clientHeight / 2 };
    const fresh = nodes.filter((n) => n && n.id && cy.getElementById(n.id).empty());
    fresh.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      const r = around ? 90 + 8 * Math.sqrt(fresh.length) : 0;
      added.push(cy.add({ group: "nodes", data: nodeData(n), position: { x: center.x + r * Math.cos(angle), y: center.y + r * Math.sin(angle) } }));
    });
    // nodes already there but now known with properties (dates)
    for (const n of nodes) {
      const existing = cy.getElementById(n.id);
      if (existing.nonempty() && !existing.data("dfrom")) {
        const d = nodeDates(n.type, n.properties || {});
        if (d) existing.data(d);
      }
    }
    return cy.collection(added);
  }

  function addEdges(edges) {
    const added = [];
    for (const e of edges) {
      if (!e.source || !e.target) continue;
      if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) continue;
      const id = e.id || `${e.source}|${e.type}|${e.target}`;
      if (cy.getElementById(id).nonempty()) continue;
      // the same link reported under another id (both directions of one expansion)
      const dup = cy.edges().filter((x) => x.data("source") === e.source && x.data("target") === e.target && x.data("type") === e.type);
      if (dup.nonempty()) continue;
      added.push(cy.add({ group: "edges", data: { id, source: e.source, target: e.target, type: e.type, label: relZh(e.type), properties: e.properties || {} } }));
    }
    return cy.collection(added);
  }

  async function fillDates(nodes) {
    const need = nodes.filter((n) => (n.data("type") === "Inspection" || n.data("type") === "Document") && !n.data("dfrom"));
    if (!need.length) return;
    try {
      const dates = await datesOf(need.map((n) => n.id()));
      need.forEach((n) => {
        const d = dates[n.id()] && nodeDates(n.data("type"), dates[n.id()]);
        if (d) n.data(d);
      });
      applyFilters();
    } catch (err) {
      showError(err, "读取日期失败");
    }
  }

  function layout({ fit = false, animate = true, randomize = false } = {}) {
    if (layoutRun) layoutRun.stop();
    const n = cy.nodes().length;
    if (n === 0) return;
    const opts = LAYOUTS.fcose ? {
      name: "fcose", quality: "proof", randomize, animate: animate && n < 300, animationDuration: 450,
      fit, padding: 40, nodeRepulsion: 30000, idealEdgeLength: (e) => 70 + 12 * Math.sqrt(Math.max(e.source().degree(), e.target().degree())),
      nodeSeparation: 100, numIter: 2500, gravity: 0.2,
    } : { name: "cose", animate: false, fit, padding: 40 };
    layoutRun = cy.elements(":visible").layout(opts);
    // a fitted small graph is not blown up past natural size (labels would collide)
    if (fit) layoutRun.one("layoutstop", () => { if (cy.zoom() > 1) cy.zoom({ level: 1, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); });
    layoutRun.run();
  }

  function applyFilters() {
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        let hide = filters.hiddenTypes.has(n.data("type"));
        const f = n.data("dfrom");
        const t = n.data("dto");
        if (!hide && f && (filters.from || filters.to)) {
          if (filters.from && t < filters.from) hide = true;
          if (filters.to && f > filters.to) hide = true;
        }
        n.toggleClass("hidden", hide);
      });
      cy.edges().forEach((e) => e.toggleClass("hidden", e.source().hasClass("hidden") || e.target().hasClass("hidden")));
    });
    changed();
  }

  async function expand(id, { limit = 40 } = {}) {
    if (pending.has(id)) return pending.get(id);
    const node = cy.getElementById(id);
    const job = (async () => {
      container.dataset.state = "loading";
      try {
        // types switched off in the legend are not fetched either, so the 40 places go to what is shown
        const types = filters.hiddenTypes.size ? CANVAS_TYPES.filter((t) => !filters.hiddenTypes.has(t)) : undefined;
        const res = await neighbours(id, { limit, types });
        const added = addNodes(res.nodes, node.nonempty() ? node : null);
        addEdges(res.edges);
        node.data("expanded", true);
        node.data("truncated", res.truncated);
        applyFilters();
        // the first expansion is laid out afresh; later ones keep what the reader has seen
        layout({ fit: cy.nodes().length <= 80, randomize: cy.nodes("[?expanded]").length <= 1 });
        await fillDates(added);
        return res;
      } catch (err) {
        showError(err, "展开邻居失败");
        throw err;
      } finally {
        pending.delete(id);
        container.dataset.state = pending.size ? "loading" : "idle";
        changed();
      }
    })();
    pending.set(id, job);
    return job;
  }

  function addEntity(entity, { select = true } = {}) {
    const added = addNodes([entity]);
    const node = cy.getElementById(entity.id);
    if (added.nonempty()) {
      if (cy.nodes().length > 1) layout();
      else cy.center(node);
      fillDates(added);
    }
    if (select) {
      cy.$(":selected").unselect();
      node.select();
      cy.animate({ center: { eles: node }, duration: 250 });
    }
    applyFilters();
    return node;
  }

  function showPath(path) {
    cy.elements().removeClass("path faded");
    addNodes(path.nodes);
    const edges = addEdges(path.edges);
    const onPath = cy.collection();
    path.nodes.forEach((n) => onPath.merge(cy.getElementById(n.id)));
    path.edges.forEach((e) => {
      const match = cy.edges().filter((x) => x.data("type") === e.type &&
        ((x.data("source") === e.source && x.data("target") === e.target) || (x.data("source") === e.target && x.data("target") === e.source)));
      onPath.merge(match);
    });
    onPath.addClass("path");
    cy.elements().not(onPath).addClass("faded");
    applyFilters();
    fillDates(cy.nodes());
    layout({ fit: false, animate: false });
    cy.fit(onPath, 80);
    if (cy.zoom() > 1.2) cy.zoom({ level: 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    return { nodes: onPath.nodes().length, edges: onPath.edges().length, added: edges.length };
  }

  cy.on("select", "node", (ev) => { cy.edges().removeClass("labelled"); ev.target.connectedEdges().addClass("labelled"); });
  cy.on("tap", "node", (ev) => {
    const node = ev.target;
    cy.elements().removeClass("faded");
    cy.$(":selected").unselect();
    node.select();
    onSelectNode && onSelectNode({ id: node.id(), type: node.data("type"), name: node.data("name") });
    if (!node.data("expanded")) expand(node.id()).catch(() => {});
  });
  cy.on("tap", "edge", (ev) => {
    const e = ev.target;
    onSelectEdge && onSelectEdge({
      type: e.data("type"), properties: e.data("properties"),
      source: { id: e.source().id(), name: e.source().data("name"), type: e.source().data("type") },
      target: { id: e.target().id(), name: e.target().data("name"), type: e.target().data("type") },
    });
  });
  cy.on("tap", (ev) => {
    if (ev.target === cy) cy.elements().removeClass("faded");
  });

  return {
    cy,
    addEntity,
    expand,
    showPath,
    layout,
    fit: () => cy.animate({ fit: { eles: cy.elements(":visible"), padding: 40 }, duration: 250 }),
    clear: () => { cy.elements().remove(); changed(); },
    setHiddenTypes(types) { filters.hiddenTypes = new Set(types); applyFilters(); },
    setDates(from, to) { filters.from = from || null; filters.to = to || null; applyFilters(); },
    select(id) { cy.$(":selected").unselect(); cy.getElementById(id).select(); },
    has: (id) => cy.getElementById(id).nonempty(),
    types: () => Object.keys(TYPES),
  };
}

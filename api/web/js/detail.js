// The detail panel (详情) and the document view (原文) with the source span highlighted.

import { getDocument, getEntity, moreMentions } from "./api.js";
import { propZh, relZh, typeInfo, typeZh } from "./labels.js";
import { byTestId, clear, el, empty, errorBox, fmtDate, fmtValue, loading } from "./util.js";

const HIDDEN_PROPS = new Set(["id", "name", "aliases", "text", "sources", "evidence", "categoryNames"]);
const LONG_PROPS = new Set(["text", "headline", "quote"]);

export function createDetail({ onExpand, onPathEnd, onOpenEntity }) {
  const body = byTestId("detail-body");
  let seq = 0;

  async function showEntity(ref) {
    const mine = ++seq;
    clear(body, el("div", { class: "d-title" }, ref.name || ref.id), loading());
    let d;
    try {
      d = await getEntity(ref.id);
    } catch (err) {
      if (mine === seq) clear(body, errorBox(err, "读取实体失败"));
      return;
    }
    if (mine !== seq) return;
    const info = typeInfo(d.type);
    const props = Object.entries(d.properties || {}).filter(([k, v]) => !HIDDEN_PROPS.has(k) && v !== null && v !== "" &&
      !(Array.isArray(v) && !v.length));
    const text = d.properties && d.properties.text;
    clear(body,
      el("span", { class: "badge", style: { background: info.color }, "data-testid": "detail-type" }, typeZh(d.type)),
      el("div", { class: "d-title", "data-testid": "detail-name" }, d.name),
      el("div", { class: "d-actions" },
        el("button", { "data-testid": "detail-expand", onclick: () => onExpand(d) }, "在关系图中展开"),
        el("button", { "data-testid": "detail-path-from", onclick: () => onPathEnd("from", d) }, "设为路径起点"),
        el("button", { "data-testid": "detail-path-to", onclick: () => onPathEnd("to", d) }, "设为路径终点")),
      d.aliases && d.aliases.filter((a) => a !== d.name).length
        ? section("别名", el("div", {}, d.aliases.filter((a) => a !== d.name).join("、"))) : null,
      text && text !== d.name ? section("内容", el("div", { style: { fontSize: "13px" } }, text)) : null,
      props.length ? section("属性", el("dl", { class: "props", "data-testid": "detail-properties" },
        props.flatMap(([k, v]) => [el("dt", {}, propZh(k)), el("dd", {}, fmtProp(k, v))]))) : null,
      d.posts && d.posts.length ? section(`职务（${d.posts.length}）`, el("ul", { class: "plain", "data-testid": "detail-posts" },
        d.posts.map((p) => el("li", {}, p.title || "",
          p.organization ? [" · ", el("span", { class: "entity-link", onclick: () => onOpenEntity({ ...p.organization, type: "Organization" }) }, p.organization.name)] : null)))) : null,
      d.officials && d.officials.length ? section(`任职人员（${d.officials.length}）`, el("ul", { class: "plain", "data-testid": "detail-officials" },
        d.officials.map((o) => el("li", {},
          o.person ? el("span", { class: "entity-link", onclick: () => onOpenEntity({ ...o.person, type: "Person" }) }, o.person.name) : null,
          o.title ? ` · ${o.title}` : "")))) : null,
      section(`来源原文（${d.mentionsTotal}）`, d.mentions.length
        ? mentionList(d, mine)
        : empty("没有记录来源句子。")),
    );
  }

  function showEdge(e) {
    ++seq;
    const evidence = [].concat(e.properties?.evidence || []);
    const sources = [].concat(e.properties?.sources || []);
    const props = Object.entries(e.properties || {}).filter(([k, v]) => !["evidence", "sources"].includes(k) && v !== null && v !== "");
    clear(body,
      el("span", { class: "badge", style: { background: "#66727f" } }, "关系"),
      el("div", { class: "d-title" }, relZh(e.type)),
      el("ul", { class: "plain" },
        el("li", {}, "从：", el("span", { class: "entity-link", onclick: () => onOpenEntity(e.source) }, e.source.name)),
        el("li", {}, "到：", el("span", { class: "entity-link", onclick: () => onOpenEntity(e.target) }, e.target.name))),
      props.length ? section("属性", el("dl", { class: "props" }, props.flatMap(([k, v]) => [el("dt", {}, propZh(k)), el("dd", {}, fmtValue(v))]))) : null,
      section("依据", evidence.length
        ? el("div", {}, evidence.map((ev) => {
          const m = String(ev).match(/^(.+)@(\d+)-(\d+)$/);
          return m ? mentionButton({ document: m[1], start: Number(m[2]), end: Number(m[3]), quote: "" }) : el("div", {}, String(ev));
        }))
        : sources.length ? el("ul", { class: "plain" }, sources.map((s) => el("li", {}, el("span", { class: "entity-link", onclick: () => openDocument(s) }, String(s)))))
          : empty("没有记录依据。")),
    );
  }

  /** The entity's source sentences: the first few, then every one fetched, then the next pages from the API
   *  (its cursor), so that every mention of a much-cited unit can be reached from the panel. */
  function mentionList(d, mine, first = 8) {
    const box = el("div", { "data-testid": "detail-mentions" });
    const mentions = [...d.mentions];
    let next = d.mentionsNext;
    let shown = 0;
    const show = (n) => {
      shown = Math.min(n, mentions.length);
      clear(box, mentions.slice(0, shown).map((m) => mentionButton(m)));
      if (mentions.length > shown) {
        box.append(el("button", { class: "link", "data-testid": "mentions-more", onclick: () => show(mentions.length) },
          `显示其余 ${mentions.length - shown} 条`));
      } else if (next) {
        box.append(el("button", { class: "link", "data-testid": "mentions-load", onclick: loadMore },
          `加载更多（已显示 ${shown} / 共 ${d.mentionsTotal} 条）`));
      }
    };
    async function loadMore(ev) {
      const button = ev.currentTarget;
      button.disabled = true;
      button.textContent = "加载中…";
      try {
        const page = await moreMentions(d.id, next);
        if (mine !== seq) return;
        mentions.push(...page.mentions);
        next = page.next;
        show(mentions.length);
      } catch (err) {
        if (mine === seq) button.replaceWith(errorBox(err, "读取来源原文失败"));
      }
    }
    show(first);
    return box;
  }

  function mentionButton(m) {
    const quote = el("q", {}, m.quote || `第 ${m.start}–${m.end} 字`);
    const button = el("button", {
      class: "mention", "data-testid": "mention", "data-document": m.document, "data-start": m.start, "data-end": m.end,
      "data-quote": m.quote || "", onclick: () => openDocument(m.document, m),
    }, el("span", { class: "m-doc" }, m.title || m.document), quote);
    // the sentence around the span, read from the document (fetched once per document)
    if (Number.isInteger(m.start) && Number.isInteger(m.end)) {
      documentText(m.document).then((text) => {
        if (!text || text.slice(m.start, m.end) !== (m.quote || text.slice(m.start, m.end))) return;
        const [ss, se] = sentenceAround(text, m.start, m.end);
        clear(quote, text.slice(ss, m.start).trimStart(), el("b", {}, text.slice(m.start, m.end)), text.slice(m.end, se).trimEnd());
      }).catch(() => {});
    }
    return button;
  }

  return { showEntity, showEdge, clear: () => clear(body, empty("选择一个节点查看其属性、职务和来源原文。")) };
}

const texts = new Map();
function documentText(id) {
  if (!texts.has(id)) texts.set(id, getDocument(id).then((d) => d.text || "").catch(() => ""));
  return texts.get(id);
}

/** [start, end) of the sentence holding text[start:end] (at most ~120 characters either side). */
function sentenceAround(text, start, end) {
  const stops = /[。！？!?；;\n]/;
  let ss = start;
  while (ss > 0 && start - ss < 120 && !stops.test(text[ss - 1])) ss--;
  let se = end;
  while (se < text.length && se - end < 120 && !stops.test(text[se])) se++;
  if (se < text.length && text[se] !== "\n") se++;
  return [ss, se];
}

function section(title, content) {
  return el("div", { class: "d-section" }, el("h4", {}, title), content);
}

function fmtProp(key, value) {
  if (/^(start|end|feedbackDate|publishedAt)$/.test(key)) return `${fmtDate(value)}（${value}）`;
  return fmtValue(value);
}

// --- document view ---------------------------------------------------------------------------

let docSeq = 0;
let onSpanEntity = null;

export function setDocumentEntityHandler(fn) {
  onSpanEntity = fn;
}

export function closeDocument() {
  byTestId("document-view").hidden = true;
}

/** Open a document with the mention `focus` ({start, end, quote}) highlighted and scrolled into view. */
export async function openDocument(id, focus = null) {
  const mine = ++docSeq;
  const view = byTestId("document-view");
  const title = byTestId("document-title");
  const meta = byTestId("document-meta");
  const textBox = byTestId("document-text");
  view.hidden = false;
  title.textContent = "原文";
  clear(meta);
  clear(textBox, loading("正在载入原文……"));
  let doc;
  try {
    doc = await getDocument(id);
  } catch (err) {
    if (mine === docSeq) clear(textBox, errorBox(err, "载入原文失败"));
    return;
  }
  if (mine !== docSeq) return;
  title.textContent = doc.title || "原文";
  clear(meta, [doc.publisher, doc.publishedAt ? fmtDate(doc.publishedAt) : null, doc.source].filter(Boolean).join(" · "));
  renderText(textBox, doc, focus);
  const mark = textBox.querySelector("mark");
  if (mark) mark.scrollIntoView({ block: "center" });
}

function renderText(box, doc, focus) {
  const text = doc.text || "";
  const marks = [];
  if (focus && !Number.isInteger(focus.start) && focus.quote) {
    // a quote without offsets (the evidence of an analysis): find it in the text
    const at = text.indexOf(focus.quote);
    if (at >= 0) focus = { start: at, end: at + focus.quote.length };
  }
  if (focus && Number.isInteger(focus.start) && Number.isInteger(focus.end) && focus.end > focus.start) {
    marks.push({ start: focus.start, end: focus.end, focus: true });
  }
  // entity spans that do not overlap the focus (the focus wins)
  const spans = (doc.spans || []).filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let last = -1;
  for (const s of spans) {
    if (s.start < last) continue;
    if (marks.length && s.start < marks[0].end && s.end > marks[0].start) continue;
    marks.push({ ...s, focus: false });
    last = s.end;
  }
  marks.sort((a, b) => a.start - b.start);
  // the sentence around the focus is shaded, so a short span reads in its context
  const f = marks.find((m) => m.focus);
  if (!f) { clear(box, piecesOf(text, marks, 0, text.length)); if (!text) box.append(empty("该文档没有保存正文。")); return; }
  const [ss, se] = sentenceAround(text, f.start, f.end);
  clear(box, piecesOf(text, marks, 0, ss),
    el("span", { class: "sentence", "data-testid": "document-sentence" }, piecesOf(text, marks, ss, se)),
    piecesOf(text, marks, se, text.length));
}

function piecesOf(text, marks, from, to) {
  const out = [];
  let pos = from;
  for (const m of marks) {
    if (m.start < pos || m.end > to) continue;
    out.push(text.slice(pos, m.start));
    const piece = text.slice(m.start, m.end);
    if (m.focus) {
      out.push(el("mark", { "data-testid": "document-highlight", "data-start": m.start, "data-end": m.end }, piece));
    } else {
      const info = typeInfo(m.entity && m.entity.type);
      out.push(el("span", {
        class: "span", style: { borderBottomColor: info.color }, title: m.entity ? `${typeZh(m.entity.type)}：${m.entity.name}` : "",
        onclick: () => m.entity && onSpanEntity && onSpanEntity(m.entity),
      }, piece));
    }
    pos = m.end;
  }
  out.push(text.slice(pos, to));
  return out;
}

export function wireDocumentView() {
  byTestId("document-close").addEventListener("click", closeDocument);
  byTestId("document-view").addEventListener("click", (ev) => {
    if (ev.target === ev.currentTarget) closeDocument();
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") closeDocument();
  });
}

// A search box with debounced suggestions from /entities?q=.

import { searchEntities } from "./api.js";
import { typeInfo, typeZh } from "./labels.js";
import { clear, debounce, el } from "./util.js";

/**
 * Attach suggestions to a `.search` container holding an <input> and a <ul class="suggestions">.
 * onPick(entity) is called with {id, type, name, aliases}.
 */
export function attachSuggest(container, { onPick, type = null, limit = 12, keepText = false } = {}) {
  const input = container.querySelector("input");
  const list = container.querySelector(".suggestions");
  let items = [];
  let active = -1;
  let seq = 0;
  let picked = null;

  const close = () => {
    list.hidden = true;
    active = -1;
  };

  const render = (note) => {
    clear(list);
    if (note) {
      list.append(el("li", { class: "note" }, note));
    }
    const seen = {};
    items.forEach((it) => { seen[`${it.type}|${it.name}`] = (seen[`${it.type}|${it.name}`] || 0) + 1; });
    items.forEach((it, i) => {
      const info = typeInfo(it.type);
      let alias = (it.aliases || []).filter((a) => a !== it.name).slice(0, 2).join("、");
      // two entities of one type and name: tell them apart by their ids
      if (seen[`${it.type}|${it.name}`] > 1) alias = [alias, it.id].filter(Boolean).join(" · ");
      list.append(el("li", {
        role: "option", "data-testid": "suggestion", "data-id": it.id, "data-type": it.type,
        class: i === active ? "active" : "",
        onmousedown: (ev) => { ev.preventDefault(); pick(i); },
      },
      el("span", { class: "badge", style: { background: info.color } }, typeZh(it.type)),
      el("span", { class: "name", title: it.name }, it.name),
      alias ? el("span", { class: "alias", title: alias }, alias) : null));
    });
    list.hidden = false;
  };

  const pick = (i) => {
    const it = items[i];
    if (!it) return;
    picked = it;
    input.value = keepText ? it.name : "";
    input.dataset.entityId = it.id;
    close();
    onPick && onPick(it);
  };

  const lookup = debounce(async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { close(); return; }
    list.hidden = false;
    clear(list, el("li", { class: "note" }, "搜索中……"));
    try {
      const found = await searchEntities(q, { type, limit });
      if (mine !== seq) return;
      items = found;
      active = items.length ? 0 : -1;
      render(items.length ? null : `没有找到与“${q}”相关的实体`);
    } catch (err) {
      if (mine !== seq) return;
      items = [];
      render(`搜索失败：${err.zh || "请求出错"}（${err.detail || err.message}）`);
    }
  }, 250);

  input.addEventListener("input", () => {
    picked = null;
    delete input.dataset.entityId;
    lookup();
  });
  input.addEventListener("keydown", (ev) => {
    if (list.hidden || !items.length) return;
    if (ev.key === "ArrowDown") { active = (active + 1) % items.length; render(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { active = (active - 1 + items.length) % items.length; render(); ev.preventDefault(); }
    else if (ev.key === "Enter") { pick(active < 0 ? 0 : active); ev.preventDefault(); }
    else if (ev.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("focus", () => { if (items.length && input.value.trim() && !picked) render(); });

  return {
    get picked() { return picked; },
    set(entity) {
      picked = entity;
      input.value = entity ? entity.name : "";
      if (entity) input.dataset.entityId = entity.id; else delete input.dataset.entityId;
    },
  };
}

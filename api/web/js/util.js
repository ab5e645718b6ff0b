// Small DOM helpers, error toasts and formatting.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "style" && typeof value === "object") Object.assign(node.style, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
export const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function loading(text = "加载中……") {
  return el("div", { class: "loading", "data-testid": "loading" }, text);
}
export function empty(text) {
  return el("div", { class: "empty" }, text);
}

/** A Chinese error message with the technical detail beneath it. */
export function errorBox(err, what = "加载失败") {
  return el("div", { class: "error-box", "data-testid": "error" }, `${what}：${err.zh || "请求出错"}`,
    err.detail ? el("small", {}, err.detail) : null);
}

export function toast(message, detail = "", kind = "error", ms = 7000) {
  const box = document.querySelector('[data-testid="toasts"]');
  const node = el("div", { class: `toast ${kind}`, "data-testid": "toast" }, message, detail ? el("small", {}, detail) : null);
  box.append(node);
  setTimeout(() => node.remove(), ms);
}

export function showError(err, what = "操作失败") {
  console.warn(what, err);
  toast(`${what}：${err.zh || "请求出错"}`, err.detail || String(err.message || ""));
}

export function truncate(text, n = 16) {
  const s = String(text ?? "");
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

/** "2021-04-12" / "2021-04" / "2021" → the comparable month "2021-04" (year alone → "2021-01"). */
export function monthOf(date) {
  if (!date || typeof date !== "string") return null;
  const m = date.match(/^(\d{4})(?:-(\d{2}))?/);
  if (!m) return null;
  return `${m[1]}-${m[2] || "01"}`;
}

export function fmtDate(date) {
  if (!date) return "日期不详";
  const m = String(date).match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/);
  if (!m) return String(date);
  return `${m[1]}年` + (m[2] ? `${Number(m[2])}月` : "") + (m[3] ? `${Number(m[3])}日` : "");
}

export function fmtValue(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join("、");
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "number" && !Number.isInteger(value)) return value.toFixed(3);
  return String(value);
}

// The HTTP API, as the explorer reads it.  Every answer is normalised to one shape here,
// so the views do not care whether an endpoint is the full one or an older, simpler form
// (then the named analyses and read-only Cypher stand in).

const STATUS_ZH = {
  400: "请求参数有误",
  401: "未授权",
  403: "无权执行",
  404: "未找到",
  422: "请求参数有误",
  500: "服务器内部错误",
  503: "数据库暂不可用",
  504: "查询超时",
};

export class ApiError extends Error {
  constructor(status, zh, detail) {
    super(`${status} ${detail}`);
    this.status = status;
    this.zh = zh;
    this.detail = detail;
  }
}

async function request(method, path, body) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: body ? { "Content-Type": "application/json", Accept: "application/json" } : { Accept: "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    throw new ApiError(0, "无法连接服务器", String(err && err.message ? err.message : err));
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    let detail = data && (data.detail ?? data.title);
    if (Array.isArray(detail)) detail = detail.map((d) => d.msg || JSON.stringify(d)).join("; ");
    throw new ApiError(res.status, STATUS_ZH[res.status] || `请求失败（HTTP ${res.status}）`,
      `HTTP ${res.status} ${path}${detail ? " — " + detail : ""}`);
  }
  return data;
}

const get = (path, params) => request("GET", withQuery(path, params));
const post = (path, body) => request("POST", path, body);

function withQuery(path, params) {
  if (!params) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else qs.append(k, v);
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

let spec = null;
/** The API's own paths (from its OpenAPI document), so an endpoint not there yet is not asked for. */
function hasEndpoint(prefix) {
  spec ||= get("/openapi.json").then((d) => Object.keys((d && d.paths) || {})).catch(() => []);
  return spec.then((paths) => paths.some((p) => p === prefix || (prefix.endsWith("{") && p.startsWith(prefix))));
}

const cleanLabels = (labels) => (labels || []).filter((l) => l !== "Entity");

/** One node in the explorer's shape: {id, type, name, properties}. */
export function normNode(n) {
  if (!n) return null;
  const props = { ...(n.properties || {}) };
  for (const [k, v] of Object.entries(n)) {
    if (!["id", "type", "label", "labels", "name", "properties"].includes(k) && v !== null && typeof v !== "object") {
      props[k] ??= v;
    }
  }
  const type = n.type || n.label || cleanLabels(n.labels)[0] || "Entity";
  return { id: n.id ?? props.id, type, name: n.name ?? props.name ?? props.title ?? n.id, properties: props };
}

function normEdge(e) {
  const type = e.type || e.relationship;
  return {
    id: e.id || `${e.source}|${type}|${e.target}`,
    source: e.source,
    target: e.target,
    type,
    properties: e.properties || {},
  };
}

export async function searchEntities(q, { type, limit = 10 } = {}) {
  const data = await get("/entities", { q, type, limit });
  const items = Array.isArray(data) ? data : data.items || [];
  return items.map((it) => ({
    id: it.id,
    type: it.type || it.label || cleanLabels(it.labels)[0],
    name: it.name,
    aliases: it.aliases || [],
  }));
}

/** Source sentences fetched per request: the panel shows the first ones, then follows the API's cursor. */
export const MENTIONS_PAGE = 50;

export async function getEntity(id) {
  const d = await get(`/entities/${encodeURIComponent(id)}`, { mentions_limit: MENTIONS_PAGE });
  const props = d.properties || {};
  return {
    id: d.id,
    type: d.type || cleanLabels(d.labels)[0] || "Entity",
    labels: cleanLabels(d.labels),
    name: d.name ?? props.name ?? d.id,
    properties: props,
    aliases: d.aliases || props.aliases || [],
    posts: d.posts || [],
    officials: d.officials || [],
    mentions: d.mentions || [],
    mentionsTotal: d.mentions_total ?? (d.mentions || []).length,
    mentionsNext: d.mentions_next_cursor || null,
  };
}

/** The next page of an entity's source sentences, from the cursor of the previous one. */
export async function moreMentions(id, cursor) {
  const d = await get(`/entities/${encodeURIComponent(id)}`, { mentions_limit: MENTIONS_PAGE, mentions_cursor: cursor });
  return { mentions: d.mentions || [], next: d.mentions_next_cursor || null };
}

export async function neighbours(id, { depth = 1, types, limit = 40 } = {}) {
  const data = await get(`/entities/${encodeURIComponent(id)}/neighbors`, {
    depth, types: types && types.length ? types.join(",") : undefined, limit,
  });
  if (Array.isArray(data)) {
    // older form: rows of {relationship, direction, id, label, name, sources}
    const nodes = data.map((r) => normNode({ id: r.id, type: r.label, name: r.name }));
    const edges = data.map((r) => normEdge({
      source: r.direction === "out" ? id : r.id,
      target: r.direction === "out" ? r.id : id,
      type: r.relationship,
      properties: { sources: r.sources },
    }));
    return { nodes, edges, truncated: data.length >= limit };
  }
  return {
    nodes: (data.nodes || []).map(normNode),
    edges: (data.edges || []).map(normEdge),
    truncated: Boolean(data.truncated),
  };
}

const FACT_RELATIONS = ["DEPLOYED", "CONDUCTED", "TARGETED", "FOUND", "IN", "PART_OF", "ADDRESSES", "TOOK",
  "HOLDS_POST", "RESPONSIBLE_FOR", "REPORTS", "SUPERVISES", "LOCATED_IN"];
const HUB_RELATIONS = ["OF_CATEGORY", "CITES", "ISSUED"];

/** Paths between two entities: [{nodes, edges}]. */
export async function paths(from, to, { viaHubs = false, max = 6 } = {}) {
  const via = viaHubs ? [...FACT_RELATIONS, ...HUB_RELATIONS] : null;
  if (await hasEndpoint("/paths")) {
    const data = await get("/paths", { from, to, max, via: via ? via.join(",") : undefined });
    return (data.paths || []).map((p) => ({ nodes: (p.nodes || []).map(normNode), edges: (p.edges || []).map(normEdge) }));
  }
  // no /paths endpoint: the named analysis
  const res = await analysis("shortest_path", { from, to, via: via ? via.join(",") : undefined });
  return res.records.map((r) => {
    const nodes = r.ids.map((nid, i) => normNode({ id: nid, name: r.names[i], type: r.labels[i] }));
    const edges = r.relationships.map((t, i) => normEdge({ source: r.ids[i], target: r.ids[i + 1], type: t }));
    return { nodes, edges };
  });
}

export async function getDocument(id) {
  if (await hasEndpoint("/documents/{")) {
    const d = await get(`/documents/${encodeURIComponent(id)}`);
    const props = d.properties || {};
    return {
      id: d.id,
      title: d.title ?? d.name ?? props.title ?? props.name ?? d.id,
      publishedAt: d.publishedAt ?? props.publishedAt,
      publisher: d.publisher ?? props.publisher,
      source: d.source ?? props.source,
      text: d.text ?? props.text ?? "",
      spans: (d.spans || []).map((s) => ({ ...s, entity: s.entity ? normNode(s.entity) : null })),
    };
  }
  const res = await cypher(
    "MATCH (d:Document {id: $id}) RETURN d.id AS id, d.name AS title, d.publishedAt AS publishedAt, " +
    "d.publisher AS publisher, d.source AS source, d.text AS text", { id });
  if (!res.records.length) throw new ApiError(404, "未找到", `no document ${id}`);
  return { ...res.records[0], spans: [] };
}

function withRecords(data) {
  const columns = data.columns || [];
  const rows = data.rows || [];
  const records = data.records || rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  return { columns, rows, records, truncated: Boolean(data.truncated) };
}

export async function analysis(name, params = {}) {
  return withRecords(await get(`/analyses/${encodeURIComponent(name)}`, params));
}

export async function cypher(query, params = {}) {
  return withRecords(await post("/cypher", { query, params }));
}

export async function stats() {
  return get("/stats");
}

/** Units that were inspected, most inspections first (the quick picks of the unit views). */
export async function inspectedUnits(limit = 12) {
  const res = await cypher(
    "MATCH (i:Inspection)-[:TARGETED]->(u:Organization) " +
    "RETURN u.id AS id, u.name AS name, count(DISTINCT i) AS inspections ORDER BY inspections DESC, name LIMIT $limit",
    { limit });
  return res.records;
}

/** The dates of nodes (inspections, documents), for the date filter, when a node came without them. */
export async function datesOf(ids) {
  if (!ids.length) return {};
  const res = await cypher(
    "MATCH (n) WHERE n.id IN $ids RETURN n.id AS id, n.start AS start, n.end AS end, " +
    "n.feedbackDate AS feedbackDate, n.publishedAt AS publishedAt", { ids });
  return Object.fromEntries(res.records.map((r) => [r.id, r]));
}

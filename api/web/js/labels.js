// Chinese names and colours of the graph model's labels, relationships and properties.

export const TYPES = {
  Organization: { zh: "单位组织", color: "#1d5fbf", shape: "round-rectangle" },
  Person: { zh: "人员", color: "#d6336c", shape: "ellipse" },
  Inspection: { zh: "巡视巡察", color: "#b3261e", shape: "diamond" },
  Problem: { zh: "问题", color: "#f08c00", shape: "ellipse" },
  ProblemCategory: { zh: "问题类别", color: "#9c36b5", shape: "hexagon" },
  Measure: { zh: "整改措施", color: "#2b8a3e", shape: "round-rectangle" },
  Regulation: { zh: "制度规定", color: "#a0522d", shape: "rectangle" },
  Figure: { zh: "数据", color: "#0b7285", shape: "round-triangle" },
  Place: { zh: "地区", color: "#74b816", shape: "round-pentagon" },
  Document: { zh: "文档", color: "#495057", shape: "round-tag" },
};
/** What the canvas can show: documents are the provenance behind the facts, never a neighbour. */
export const CANVAS_TYPES = Object.keys(TYPES).filter((t) => t !== "Document");
export const OTHER_TYPE = { zh: "其他", color: "#868e96", shape: "ellipse" };

export function typeInfo(type) {
  return TYPES[type] || OTHER_TYPE;
}
export function typeZh(type) {
  return (TYPES[type] || { zh: type || "其他" }).zh;
}

export const RELATIONS = {
  DEPLOYED: "部署",
  CONDUCTED: "实施",
  TARGETED: "巡察对象",
  FOUND: "发现",
  IN: "所在单位",
  OF_CATEGORY: "问题类别",
  ADDRESSES: "针对",
  TOOK: "采取",
  HOLDS_POST: "任职",
  RESPONSIBLE_FOR: "负责",
  ISSUED: "制定",
  CITES: "依据",
  REPORTS: "报告数据",
  PART_OF: "隶属",
  SUPERVISES: "监督",
  LOCATED_IN: "位于",
  MENTIONS: "提及",
};
export function relZh(type) {
  return RELATIONS[type] || type || "";
}

export const PROPERTIES = {
  id: "标识",
  name: "名称",
  kind: "类型",
  level: "层级",
  mode: "方式",
  round: "轮次",
  start: "开始日期",
  end: "结束日期",
  feedbackDate: "反馈日期",
  publishedAt: "发布日期",
  publisher: "发布者",
  title: "标题",
  source: "来源",
  chars: "字数",
  headline: "标题",
  text: "内容",
  section: "章节",
  metric: "指标",
  value: "数值",
  unit: "单位",
  issuer: "发布机关",
  topic: "主题",
  jurisdiction: "辖区",
  aliases: "别名",
  pagerank: "PageRank",
  betweenness: "中介中心度",
  community: "社区",
  categoryNames: "问题类别",
  categoryCount: "类别数",
  unitCount: "单位数",
  inspectionCount: "巡察次数",
  problemCount: "问题数",
  years: "年份",
  keywords: "关键词",
  extractor: "抽取器版本",
  role: "角色",
};
export function propZh(key) {
  return PROPERTIES[key] || key;
}

// The steps of accountability_chain, in order.
export const CHAIN_STEPS = [
  { step: 1, zh: "部署机关", color: "#7a2e29" },
  { step: 2, zh: "巡视巡察组", color: "#b3261e" },
  { step: 3, zh: "被巡察单位", color: "#1d5fbf" },
  { step: 4, zh: "责任人", color: "#d9480f" },
  { step: 5, zh: "整改措施", color: "#2b8a3e" },
  { step: 6, zh: "整改成效", color: "#0b7285" },
  { step: 7, zh: "涉及单位", color: "#5c7cfa" },
];

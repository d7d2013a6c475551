import type { Messages } from "../en";

/** 来自监控的证据（ADR 022）：从 Prometheus 轮询的指标项，显示在其页面上。 */
const monitoring: Messages["monitoring"] = {
  source: {
    title: "从 Prometheus 轮询",
    failed: "上次查询失败 {{ago}}：",
    unchanged: "在查询返回唯一数值之前，证据保持不变。",
    answered: "✔ 上次应答 {{ago}}；数值变化时由 system:prometheus 报告。",
    notYet: "尚未查询（设置 PROMETHEUS_URL 后服务器才会轮询）。",
  },
};

export default monitoring;

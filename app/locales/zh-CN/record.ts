import type { Messages } from "../en";

const record: Messages["record"] = {
  title: "# {{decision}}：{{release}}",
  intro: "发布 `{{release}}`（上线日 {{launch}}）的第 {{id}} 号决定，由 {{by}} 于 {{at}} 记录；所依据的状态截至事件序号 {{seq}}，决定本身为事件 {{next}}。",
  gateOpen: "闸门：开启。",
  gateClosed: "闸门：关闭，{{count}} 项阻塞。",
  hash: "记录哈希（规范化 JSON 的 sha256）：`{{hash}}`。",
  chainHead: "决定时的日志链头：序号 {{seq}}，`{{hash}}`。",
  votes: "## 投票",
  votesHeader: "| 职能 | 投票 | 意见 | 投票人 | 时间 | 有效 |",
  go: "GO 放行",
  noGo: "NO-GO 不放行",
  fresh: "是",
  stale: "已过期",
  noVote: "— 未投票",
  actions: "## 后续行动项",
  actionsHeader: "| 行动项 | 负责人 | 截止 |",
  schedule: "## 进度",
  projected: "预计完成 {{projected}}（计划 {{planned}}），距上线余量 {{slack}} 个工作日。",
  lateCritical: "延误的关键任务：",
  lateTask: "- {{name}}（{{owner}}）：计划 {{planned}}，预计 {{projected}}",
  noOwner: "无负责人",
  items: "## 检查项",
  itemsHeader: "| 检查项 | 状态 | 原因 | 负责人 | 证据 | 上报 |",
  attendees: "## 参会者",
  attendeesLine: "人员：{{people}}。屏幕：{{screens}}。",
  notes: "## 备注",
};

export default record;

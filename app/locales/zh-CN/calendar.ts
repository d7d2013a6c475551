import type { Messages } from "../en";

/** iCalendar 订阅入口（SPEC 13，ADR 023）。 */
const calendar: Messages["calendar"] = {
  link: "订阅日历",
  title: "订阅日历",
  intro:
    "{{release}} 的上线日、Go/No-Go 会议、演练到期日和未关闭行动项的截止日，可在 Google 日历、Outlook 或 Apple 日历中查看。在下方创建一个只读链接（例如\u201cPMO 日历\u201d）：其日历地址与看板链接一同显示，仅显示一次。撤销该链接后订阅即停止。",
  how: "在日历应用中选择\u201c通过网址添加日历\u201d（Google：其他日历 \u2192 通过网址；Outlook：添加日历 \u2192 从网络订阅），粘贴该地址。大约每小时刷新一次。",
  secret: "日历订阅地址（粘贴到日历应用中）",
  open: "在日历应用中打开",
};

export default calendar;

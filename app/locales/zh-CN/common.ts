import type { Messages } from "../en";

const common: Messages["common"] = {
  product: "Greenlight",
  header: {
    breadcrumb: "导航路径",
    myActions: "我的行动项",
    postmortems: "复盘",
    users: "用户",
    apiTokens: "API 令牌",
    signOut: "退出登录",
    language: "语言",
  },
  role: { admin: "管理员", lead: "负责人", member: "成员", viewer: "观察者" },
  status: { green: "绿", amber: "黄", red: "红", pending: "待定", unknown: "未知" },
  age: {
    seconds_one: "{{count}} 秒",
    seconds_other: "{{count}} 秒",
    minutes_one: "{{count}} 分钟",
    minutes_other: "{{count}} 分钟",
    hours_one: "{{count}} 小时",
    hours_other: "{{count}} 小时",
    days_one: "{{count}} 天",
    days_other: "{{count}} 天",
  },
  phase: { open: "进行中", go: "已放行", released: "已发布", rolled_back: "已回滚" },
  postmortemStatus: { draft: "草稿", in_review: "评审中", published: "已发布" },
  error: {
    notFound: "未找到",
    status: "错误 {{status}}",
    title: "出错了",
    message: "服务器未能完成此请求。请重试，或返回发布列表。",
    back: "← 所有发布",
    boardLink: "此看板链接无效或已被撤销。",
  },
  never: "从未",
  none: "—",
  dates: {
    launchDay: "上线当天",
    daysToLaunch_one: "距上线 {{count}} 天",
    daysToLaunch_other: "距上线 {{count}} 天",
    daysPastLaunch_one: "已过上线日 {{count}} 天",
    daysPastLaunch_other: "已过上线日 {{count}} 天",
    ago: "{{age}}前",
  },
};

export default common;

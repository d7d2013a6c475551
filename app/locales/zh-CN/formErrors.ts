import type { Messages } from "../en";

const formErrors: Messages["formErrors"] = {
  required: "必填",
  number: "请输入数字",
  atLeast: "不能小于 {{minimum}}",
  atMost: "不能大于 {{maximum}}",
  option: "请选择一个选项",
  name: "请输入名称",
  yourName: "请输入你的姓名",
  title: "请输入标题",
  email: "请输入邮箱地址",
  validEmail: "请输入有效的邮箱地址",
  notEmail: "不是有效的邮箱",
  password: "请输入密码",
  yourPassword: "请输入你的密码",
  role: "请选择角色",
  function: "请选择职能",
  owner: "请选择负责人",
  template: "请选择模板",
  voters: "请选择必须投票的职能",
  meetingStart: "请选择会议开始时间",
  incidentAt: "请选择事件发生时间",
  screen: "请为屏幕命名",
  token: "请为令牌命名",
  workday: "至少一个工作日",
  launchBeforeStart: "上线日期不能早于开始日期",
  changeOne: "请至少修改一个字段",
  notLink: "不是有效的链接",
  releaseId: "不是有效的发布 ID",
};

export default formErrors;

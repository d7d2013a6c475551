import type { Messages } from "../en";

/** 做市商认证：矩阵页与看板磁贴（SPEC 12.4）。 */
const certification: Messages["certification"] = {
  link: "做市商认证",
  meta: "做市商认证 · {{release}}",
  crumb: "做市商认证",
  title: "做市商认证",
  intro: "每个做市商对每个认证测试套件：做市商当前软件版本的最新结果、上报时间及其证据。新版本会使该做市商的认证重新开始。",
  summary_one: "{{count}} 个做市商中 {{certified}} 个已通过认证",
  summary_other: "{{count}} 个做市商中 {{certified}} 个已通过认证",
  none: "此发布没有做市商认证项（由 mm 负责的阶段类检查项）。",
  partner: "做市商",
  version: "版本",
  noVersion: "未上报版本",
  passedOf: "已通过 {{passed}}/{{total}}",
  notRequired: "不要求",
  evidence: "证据",
  notReported: "未上报",
  tests_one: "{{count}} 个测试",
  tests_other: "{{count}} 个测试",
  testsFailed_one: "{{count}} 个测试，{{failed}} 个失败",
  testsFailed_other: "{{count}} 个测试，{{failed}} 个失败",
  testsSkipped_one: "{{count}} 个测试，{{skipped}} 个跳过",
  testsSkipped_other: "{{count}} 个测试，{{skipped}} 个跳过",
  howTo: "测试框架将 JUnit XML 提交到 {{path}}；详见 README 中的做市商认证一节。",
  tile: {
    title: "做市商认证",
    certified: "{{certified}}/{{count}} 已认证",
    passed: "{{passed}}/{{total}}",
    version: "v{{version}}",
  },
};

export default certification;

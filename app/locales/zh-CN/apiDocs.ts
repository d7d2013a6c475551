import type { Messages } from "../en";

/** API 参考页（SPEC 13，ADR 026）的页面文字；各接口的说明来自 OpenAPI 文档，保留英文。 */
const apiDocs: Messages["apiDocs"] = {
  meta: "API 参考",
  nav: "API",
  title: "API 参考",
  intro:
    "HTTP API v1 的全部接口，直接读取自其 OpenAPI 3.1 文档。工具（代码生成器、Postman、Backstage）无需令牌即可获取该文档；其余每个调用都需发送 Authorization: Bearer <API 令牌>（在“API 令牌”中创建）。各接口的说明与 API 本身一致，使用英文。",
  download: "下载 openapi.json",
  errors: "所有错误均返回 { error: { code, message, details? } }；422 会列出每个问题的路径（CSV 则注明行号）。",
  contents: "分组",
  operations_one: "{{count}} 个接口",
  operations_other: "{{count}} 个接口",
  auth: { bearer: "Bearer 令牌", none: "无需令牌", calendar: "?token= 或 Bearer 令牌" },
  parameters: "参数",
  body: "请求体",
  responses: "响应",
  required: "必填",
  optional: "可选",
  in: { path: "路径", query: "查询", header: "请求头" },
  example: "示例",
  noBody: "无内容",
};

export default apiDocs;

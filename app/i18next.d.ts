import "i18next";
import type { Messages } from "./locales/en";

// Keys are typed: `t("board.gate.opn")` is a typecheck error, not a raw key on the TV.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}

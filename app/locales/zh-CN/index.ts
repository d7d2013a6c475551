import type { Messages } from "../en";
import actions from "./actions";
import board from "./board";
import common from "./common";
import record from "./record";

/** 简体中文: the same keys as English (app/locales/en), checked by the typecheck. */
export const zhCN: Messages = { actions, board, common, record };

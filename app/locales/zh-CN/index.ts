import type { Messages } from "../en";
import board from "./board";
import common from "./common";
import meeting from "./meeting";
import record from "./record";

/** 简体中文: the same keys as English (app/locales/en), checked by the typecheck. */
export const zhCN: Messages = { board, common, meeting, record };

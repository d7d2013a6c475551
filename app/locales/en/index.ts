import actions from "./actions";
import board from "./board";
import common from "./common";
import record from "./record";

/**
 * Every word the UI, the board and the Markdown record show, in English: the
 * reference. Each area is one file; the Chinese files are typed by these, so a
 * key missing (or extra) in either language fails the typecheck.
 */
export const en = { actions, board, common, record };

export type Messages = typeof en;

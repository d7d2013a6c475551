import actions from "./actions";
import admin from "./admin";
import board from "./board";
import certification from "./certification";
import common from "./common";
import meeting from "./meeting";
import plan from "./plan";
import readiness from "./readiness";
import reasons from "./reasons";
import record from "./record";
import roster from "./roster";
import sops from "./sops";
import params from "./params";
import drills from "./drills";
import calendar from "./calendar";
import monitoring from "./monitoring";
import apiDocs from "./apiDocs";
import webhooks from "./webhooks";
import campaigns from "./campaigns";

/**
 * Every word the UI, the board and the Markdown record show, in English: the
 * reference. Each area is one file; the Chinese files are typed by these, so a
 * key missing (or extra) in either language fails the typecheck.
 */
export const en = {
  actions,
  admin,
  board,
  common,
  meeting,
  plan,
  readiness,
  reasons,
  record,
  roster,
  sops,
  params,
  drills,
  certification,
  calendar,
  monitoring,
  apiDocs,
  webhooks,
  campaigns,
};

export type Messages = typeof en;

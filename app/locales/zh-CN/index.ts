import type { Messages } from "../en";
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

/** 简体中文: the same keys as English (app/locales/en), checked by the typecheck. */
export const zhCN: Messages = {
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

/** 简体中文: the same keys as English (app/locales/en), checked by the typecheck. */

import { readFileSync, readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { actionPolicySchema } from "../../app/shared/actions";
import { formatPath } from "../../app/shared/errors";
import { findLoneSurrogate } from "../../app/shared/unicode";
import { configSchemas, KINDS, maxAgeSchema, slug, type ItemDefinition } from "../../app/shared/kinds";

/**
 * Checklist templates (SPEC 4, a contract): YAML files in `checklists/`,
 * validated here at start-up and by `greenlight templates check`. A bad
 * template is refused naming the file, the path inside it and the reason.
 */
export const DEFAULT_FUNCTIONS = ["rd", "qa", "risk", "mm", "ops", "cs", "marketing", "pmo"];

const itemSchema = z
  .looseObject({
    key: slug,
    title: z.string().trim().min(1).max(200),
    kind: z.enum(KINDS),
    owner: slug.optional(),
    max_age: maxAgeSchema.optional(),
  })
  .transform((raw, ctx) => {
    const { key, title, kind, owner, max_age, ...rest } = raw;
    const config = configSchemas[kind].safeParse(rest);
    if (!config.success) {
      for (const issue of config.error.issues) {
        ctx.addIssue({ code: "custom", path: issue.path as PropertyKey[], message: issue.message });
      }
      return z.NEVER;
    }
    return { key, title, kind, owner, maxAge: max_age ?? null, config: config.data } as TemplateItemInput;
  });

type TemplateItemInput = ItemDefinition & { key: string; title: string; owner: string | undefined };

const sectionSchema = z.object({
  key: slug,
  name: z.string().trim().min(1).max(120),
  owner: slug,
  items: z.array(itemSchema).min(1),
});

export const templateSchema = z
  .object({
    template: slug,
    name: z.string().trim().min(1).max(120),
    description: z.string().trim().max(2000).optional(),
    functions: z.array(slug).min(1).default(DEFAULT_FUNCTIONS),
    /** Working days from creation to an action's default due date, per priority (SPEC 11). */
    action_policy: actionPolicySchema.optional(),
    sections: z.array(sectionSchema).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const functions = new Set(t.functions);
    if (functions.size !== t.functions.length) {
      ctx.addIssue({ code: "custom", path: ["functions"], message: "functions must be unique" });
    }
    const sectionKeys = new Set<string>();
    t.sections.forEach((section, s) => {
      if (sectionKeys.has(section.key)) {
        ctx.addIssue({ code: "custom", path: ["sections", s, "key"], message: `duplicate section key "${section.key}"` });
      }
      sectionKeys.add(section.key);
      if (!functions.has(section.owner)) {
        ctx.addIssue({ code: "custom", path: ["sections", s, "owner"], message: `"${section.owner}" is not one of functions` });
      }
      const itemKeys = new Set<string>();
      section.items.forEach((item, i) => {
        if (itemKeys.has(item.key)) {
          ctx.addIssue({ code: "custom", path: ["sections", s, "items", i, "key"], message: `duplicate item key "${item.key}"` });
        }
        itemKeys.add(item.key);
        if (item.owner !== undefined && !functions.has(item.owner)) {
          ctx.addIssue({ code: "custom", path: ["sections", s, "items", i, "owner"], message: `"${item.owner}" is not one of functions` });
        }
      });
    });
  })
  .transform((t) => ({
    id: t.template,
    name: t.name,
    description: t.description ?? null,
    functions: t.functions,
    actionPolicy: t.action_policy ?? {},
    sections: t.sections.map((section) => ({
      key: section.key,
      name: section.name,
      owner: section.owner,
      items: section.items.map((item) => ({ ...item, owner: item.owner ?? section.owner })),
    })),
  }));

export type Template = z.output<typeof templateSchema>;
export type TemplateSection = Template["sections"][number];
export type TemplateItem = TemplateSection["items"][number];

export class TemplateError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "TemplateError";
  }
}

/** Parse one template's YAML text; `file` names it in error messages. */
export function parseTemplate(file: string, text: string): Template {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new TemplateError(doc.errors.map((e) => `${file}: ${e.message.split("\n")[0]}`));
  }
  const parsed = templateSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new TemplateError(
      parsed.error.issues.map((issue) => {
        const where = formatPath(issue.path);
        return `${file}: ${where ? `${where}: ` : ""}${issue.message}`;
      }),
    );
  }
  // On the schema's output, which has no alias cycles: a YAML escape can still make half a surrogate pair.
  const lone = findLoneSurrogate(parsed.data);
  if (lone) throw new TemplateError([`${file}: ${formatPath(lone)}: holds a lone surrogate (half a UTF-16 pair), which is not a character`]);
  return parsed.data;
}

/**
 * Load every `*.yaml`/`*.yml` template in a folder. All problems from all
 * files are collected, so one run of `templates check` shows everything.
 */
export function loadTemplates(dir: string): Map<string, Template> {
  const templates = new Map<string, Template>();
  const problems: string[] = [];
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  for (const name of files) {
    const path = join(dir, name);
    const shown = relative(process.cwd(), path) || basename(path);
    try {
      const template = parseTemplate(shown, readFileSync(path, "utf8"));
      const existing = templates.get(template.id);
      if (existing) problems.push(`${shown}: template: id "${template.id}" is already used by another file`);
      else templates.set(template.id, template);
    } catch (error) {
      if (error instanceof TemplateError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length) throw new TemplateError(problems);
  if (templates.size === 0) throw new TemplateError([`${dir}: no checklist templates (*.yaml) found`]);
  return templates;
}

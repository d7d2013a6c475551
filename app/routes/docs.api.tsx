import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { metaT } from "../lib/i18n";
import { apiReference } from "../lib/openapi.server";
import type { Auth, FieldView, OperationView } from "../lib/openapi-view";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("apiDocs.meta") }];

/**
 * The API reference (SPEC 13, ADR 026), rendered from the OpenAPI document the
 * API serves at /api/v1/openapi.json: documentation, readable without signing in.
 */
export function loader() {
  return { tags: apiReference() };
}

/** Each method its colour, and always its name: the colour is never the only sign. */
const METHOD_CLASS: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900 ring-sky-300",
  POST: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  PUT: "bg-amber-100 text-amber-900 ring-amber-300",
  PATCH: "bg-violet-100 text-violet-900 ring-violet-300",
  DELETE: "bg-red-100 text-red-900 ring-red-300",
};

function MethodBadge({ method }: { method: string }) {
  return (
    <span className={`inline-block w-16 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-xs font-bold ring-1 ${METHOD_CLASS[method] ?? ""}`}>
      {method}
    </span>
  );
}

function AuthNote({ auth }: { auth: Auth }) {
  const { t } = useTranslation();
  const open = auth === "none";
  return (
    <span className={`inline-flex items-center gap-1 text-xs font-medium ${open ? "text-emerald-800" : "text-slate-600"}`} data-auth={auth}>
      <LockIcon open={open} />
      {t(`apiDocs.auth.${auth}`)}
    </span>
  );
}

function LockIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.6">
      <rect x="3" y="7" width="10" height="7" rx="1.5" />
      <path d={open ? "M5.5 7V5a2.5 2.5 0 0 1 4.9-.7" : "M5.5 7V5a2.5 2.5 0 0 1 5 0v2"} />
    </svg>
  );
}

/** The document's texts mark code with backticks: shown as code. */
function Prose({ text, className }: { text: string; className: string }) {
  return (
    <p className={className}>
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.85em] text-slate-800">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </p>
  );
}

/** A path that may break after each slash on a narrow screen, never inside a word. */
function PathText({ path }: { path: string }) {
  return (
    <code className="min-w-0 font-mono text-sm font-semibold text-slate-900">
      {path.split("/").map((part, i) => (
        <span key={i}>
          {i > 0 ? "/" : ""}
          {part}
          <wbr />
        </span>
      ))}
    </code>
  );
}

/** A field as a stacked row (readable on a phone): name, type, required; its description below. */
function Field({ field, where, answer = false }: { field: FieldView; where?: string; answer?: boolean }) {
  const { t } = useTranslation();
  return (
    <li className="border-t border-slate-100 py-2 first:border-t-0">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <code className="font-mono text-sm font-semibold text-slate-900">{field.name}</code>
        {where ? <span className="text-xs text-slate-500">{t(`apiDocs.in.${where}`, { defaultValue: where })}</span> : null}
        {field.type !== "any" ? <code className="break-all font-mono text-xs text-slate-600">{field.type}</code> : null}
        {answer ? null : (
          <span className={`text-xs font-semibold ${field.required ? "text-red-800" : "text-slate-500"}`}>
            {field.required ? t("apiDocs.required") : t("apiDocs.optional")}
          </span>
        )}
      </div>
      {field.description ? <Prose text={field.description} className="mt-0.5 text-sm text-slate-700" /> : null}
    </li>
  );
}

function Operation({ op }: { op: OperationView }) {
  const { t } = useTranslation();
  return (
    <details id={op.id} className="group rounded-lg bg-white shadow-sm ring-1 ring-slate-200 open:ring-slate-400" data-operation={`${op.method} ${op.path}`}>
      <summary className="flex min-h-11 cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
        <MethodBadge method={op.method} />
        <PathText path={op.path} />
        <Prose text={op.summary} className="min-w-0 basis-full text-sm text-slate-700 sm:basis-auto sm:flex-1" />
        <AuthNote auth={op.auth} />
      </summary>
      <div className="space-y-4 border-t border-slate-200 px-3 py-3">
        {op.description ? <Prose text={op.description} className="text-sm text-slate-700" /> : null}
        {op.params.length ? (
          <section>
            <h4 className="text-xs font-bold uppercase tracking-wide text-slate-500">{t("apiDocs.parameters")}</h4>
            <ul>
              {op.params.map((p) => (
                <Field key={`${p.in}-${p.name}`} field={p} where={p.in} />
              ))}
            </ul>
          </section>
        ) : null}
        {op.bodies.length ? (
          <section>
            <h4 className="text-xs font-bold uppercase tracking-wide text-slate-500">{t("apiDocs.body")}</h4>
            {op.bodies.map((body) => (
              <div key={body.media} className="mt-1">
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{body.media}</code>
                {body.description ? <Prose text={body.description} className="mt-1 text-sm text-slate-700" /> : null}
                {body.fields.length ? (
                  <ul>
                    {body.fields.map((field) => (
                      <Field key={field.name} field={field} />
                    ))}
                  </ul>
                ) : null}
                {body.example ? (
                  <div className="mt-1">
                    <span className="text-xs font-semibold text-slate-500">{t("apiDocs.example")}</span>
                    <pre className="whitespace-pre-wrap break-all rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{body.example}</pre>
                  </div>
                ) : null}
              </div>
            ))}
          </section>
        ) : null}
        <section>
          <h4 className="text-xs font-bold uppercase tracking-wide text-slate-500">{t("apiDocs.responses")}</h4>
          <ul className="mt-1 space-y-1">
            {op.responses.map((r) => (
              <li key={r.status} className="flex flex-wrap items-baseline gap-x-2 text-sm" data-status={r.status}>
                <span className={`font-mono font-bold ${r.status.startsWith("2") ? "text-emerald-800" : "text-red-800"}`}>
                  <span aria-hidden="true">{r.status.startsWith("2") ? "✓ " : "✗ "}</span>
                  {r.status}
                </span>
                <span className="min-w-0 text-slate-700">{r.description}</span>
                {r.status.startsWith("2") ? <code className="font-mono text-xs text-slate-500">{r.media ?? t("apiDocs.noBody")}</code> : null}
                {r.fields.length ? (
                  <ul className="basis-full pl-4">
                    {r.fields.map((field) => (
                      <Field key={field.name} field={field} answer />
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </details>
  );
}

export default function ApiReference() {
  const { tags } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page crumbs={[{ to: "/docs/api", label: t("apiDocs.title") }]}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="text-3xl font-bold">{t("apiDocs.title")}</h1>
        <a
          href="/api/v1/openapi.json"
          download="greenlight-openapi.json"
          className="inline-flex min-h-11 items-center rounded-md bg-slate-900 px-4 py-2 font-semibold text-white shadow hover:bg-slate-700"
          data-download
        >
          {t("apiDocs.download")}
        </a>
      </div>
      <p className="mt-2 max-w-3xl text-slate-700">{t("apiDocs.intro")}</p>
      <p className="mt-1 max-w-3xl text-sm text-slate-600" id="errors">
        {t("apiDocs.errors")}
      </p>
      <nav aria-label={t("apiDocs.contents")} className="mt-4 flex flex-wrap gap-2">
        {tags.map((tag) => (
          <a
            key={tag.name}
            href={`#tag-${tag.name.replace(/[^A-Za-z0-9]+/g, "-")}`}
            className="inline-flex min-h-11 items-center rounded-full bg-white px-3 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:ring-slate-500"
          >
            {tag.name} <span className="ml-1 text-slate-500">{tag.operations.length}</span>
          </a>
        ))}
      </nav>
      <div className="mt-6 space-y-8">
        {tags.map((tag) => (
          <section key={tag.name} id={`tag-${tag.name.replace(/[^A-Za-z0-9]+/g, "-")}`} data-tag={tag.name}>
            <h2 className="text-xl font-bold">{tag.name}</h2>
            <p className="text-sm text-slate-600">
              {tag.description} · {t("apiDocs.operations", { count: tag.operations.length })}
            </p>
            <div className="mt-3 space-y-2">
              {tag.operations.map((op) => (
                <Operation key={op.id} op={op} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import { Form, Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { loader as rootLoader } from "../root";
import { translateMessage } from "../lib/i18n";
import { LANGUAGE_NAMES, LOCALES } from "../shared/locale";

/** Each language named in itself; the one showing is marked. Works without JavaScript (a plain form). */
export function LanguageSwitch({ light = false }: { light?: boolean }) {
  const { t, i18n } = useTranslation();
  const { pathname, search } = useLocation();
  return (
    <Form method="post" action="/language" className="flex items-center gap-1 text-sm" aria-label={t("common.header.language")} data-language-switch>
      <input type="hidden" name="to" value={pathname + search} />
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={l}
          aria-pressed={i18n.language === l}
          className={`rounded-md px-2 py-1 ${
            i18n.language === l ? "bg-slate-700 font-semibold text-white" : light ? "text-slate-600 hover:text-slate-900" : "text-slate-300 hover:text-white"
          }`}
        >
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </Form>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const user = useRouteLoaderData<typeof rootLoader>("root")?.user;
  if (!user)
    return (
      <div className="ml-auto">
        <LanguageSwitch />
      </div>
    );
  return (
    <div className="ml-auto flex flex-wrap items-center justify-end gap-x-4 gap-y-1 text-sm">
      <Link to="/actions" className="text-slate-300 hover:text-white">
        {t("common.header.myActions")}
      </Link>
      <Link to="/postmortems" className="text-slate-300 hover:text-white">
        {t("common.header.postmortems")}
      </Link>
      <Link to="/sops" className="text-slate-300 hover:text-white">
        {t("common.header.sops")}
      </Link>
      <Link to="/docs/api" className="text-slate-300 hover:text-white">
        {t("apiDocs.nav")}
      </Link>
      {user.role === "admin" ? (
        <>
          <Link to="/admin/users" className="text-slate-300 hover:text-white">
            {t("common.header.users")}
          </Link>
          <Link to="/admin/tokens" className="text-slate-300 hover:text-white">
            {t("common.header.apiTokens")}
          </Link>
          <Link to="/admin/webhooks" className="text-slate-300 hover:text-white">
            {t("webhooks.nav")}
          </Link>
        </>
      ) : null}
      <span className="text-slate-300" data-user={user.email}>
        {user.name} · <span className="uppercase">{t(`common.role.${user.role}`)}</span>
        {user.functions.length ? ` (${user.functions.join(", ")})` : ""}
      </span>
      <LanguageSwitch />
      <Form method="post" action="/logout">
        <button type="submit" className="rounded-md bg-slate-700 px-3 py-1 font-semibold text-white hover:bg-slate-600">
          {t("common.header.signOut")}
        </button>
      </Form>
    </div>
  );
}

/** `wide`: the page uses the whole screen width (charts and long tables). */
export function Page({ children, crumbs = [], wide = false }: { children: ReactNode; crumbs?: { to: string; label: string }[]; wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="min-h-screen">
      <header className="bg-slate-900 text-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link to="/" className="flex items-center gap-2 text-lg font-black tracking-tight">
            <span className="inline-block h-4 w-4 rounded-full bg-emerald-500 ring-2 ring-emerald-300" aria-hidden="true" />
            {t("common.product")}
          </Link>
          <nav aria-label={t("common.header.breadcrumb")} className="flex items-center gap-2 text-slate-300">
            {crumbs.map((c) => (
              <span key={c.to} className="flex items-center gap-2">
                <span aria-hidden="true">/</span>
                <Link to={c.to} className="hover:text-white">
                  {c.label}
                </Link>
              </span>
            ))}
          </nav>
          <UserMenu />
        </div>
      </header>
      <main className={wide ? "px-4 py-6 sm:px-6" : "mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8 print:max-w-none print:p-0"}>{children}</main>
    </div>
  );
}

/** A labelled control: the label names the control alone; hint and errors sit below it. */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string[]; hint?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {/* Space is kept for the message, so it never moves the controls below (a moving
          submit button swallows the click that blurred the field). */}
      <p id={`${id}-error`} role={error?.length ? "alert" : undefined} className="mt-1 min-h-5 text-sm font-medium text-red-700">
        {error?.map((message) => translateMessage(message, t)).join(" ")}
      </p>
    </div>
  );
}

export const inputClass =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-slate-900 focus:outline-none focus:ring-2 focus:ring-slate-900/20";
export const buttonClass =
  "inline-flex items-center justify-center rounded-md bg-slate-900 px-4 py-2 font-semibold text-white shadow hover:bg-slate-700 disabled:opacity-60";

import { Form, Link, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import type { loader as rootLoader } from "../root";

function UserMenu() {
  const user = useRouteLoaderData<typeof rootLoader>("root")?.user;
  if (!user) return null;
  return (
    <div className="ml-auto flex flex-wrap items-center justify-end gap-x-4 gap-y-1 text-sm">
      <Link to="/actions" className="text-slate-300 hover:text-white">
        My actions
      </Link>
      <Link to="/postmortems" className="text-slate-300 hover:text-white">
        Post-mortems
      </Link>
      {user.role === "admin" ? (
        <>
          <Link to="/admin/users" className="text-slate-300 hover:text-white">
            Users
          </Link>
          <Link to="/admin/tokens" className="text-slate-300 hover:text-white">
            API tokens
          </Link>
        </>
      ) : null}
      <span className="text-slate-300" data-user={user.email}>
        {user.name} · <span className="uppercase">{user.role}</span>
        {user.functions.length ? ` (${user.functions.join(", ")})` : ""}
      </span>
      <Form method="post" action="/logout">
        <button type="submit" className="rounded-md bg-slate-700 px-3 py-1 font-semibold text-white hover:bg-slate-600">
          Sign out
        </button>
      </Form>
    </div>
  );
}

/** `wide`: the page uses the whole screen width (charts and long tables). */
export function Page({ children, crumbs = [], wide = false }: { children: ReactNode; crumbs?: { to: string; label: string }[]; wide?: boolean }) {
  return (
    <div className="min-h-screen">
      <header className="bg-slate-900 text-white print:hidden">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link to="/" className="flex items-center gap-2 text-lg font-black tracking-tight">
            <span className="inline-block h-4 w-4 rounded-full bg-emerald-500 ring-2 ring-emerald-300" aria-hidden="true" />
            Greenlight
          </Link>
          <nav aria-label="Breadcrumb" className="flex items-center gap-2 text-slate-300">
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
        {error?.join(" ")}
      </p>
    </div>
  );
}

export const inputClass =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-slate-900 focus:outline-none focus:ring-2 focus:ring-slate-900/20";
export const buttonClass =
  "inline-flex items-center justify-center rounded-md bg-slate-900 px-4 py-2 font-semibold text-white shadow hover:bg-slate-700 disabled:opacity-60";

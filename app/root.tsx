import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useChangeLanguage } from "remix-i18next/react";
import { useNonce } from "./lib/nonce";
import { useEffect, type ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { localeOf } from "./lib/i18n.server";
import { DEFAULT_LOCALE } from "./shared/locale";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "data:," },
];

/** Who is signed in, for the header on every page, and the language every page speaks. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const p = context.principal;
  // A board link (/b/:token) carries the language of the TV it was made for.
  const board = params.token && new URL(request.url).pathname.startsWith("/b/") ? context.access.boardLinks.authenticate(params.token) : null;
  return {
    user: p?.kind === "user" ? { name: p.name, email: p.email, role: p.role, functions: p.functions, locale: p.locale } : null,
    locale: await localeOf(request, context, board?.locale),
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Error pages render without the root's data: they keep the language the server chose for the response.
  const locale = useRouteLoaderData<typeof loader>("root")?.locale ?? DEFAULT_LOCALE;
  useChangeLanguage(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Marks the page as interactive, so browser tests (and monitors) know when React is live.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

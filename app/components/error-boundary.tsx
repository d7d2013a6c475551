import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** The one error view every route's ErrorBoundary uses. No stack traces reach the page. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const [title, message] = isRouteErrorResponse(error)
    ? [error.status === 404 ? "Not found" : `Error ${error.status}`, typeof error.data === "string" ? error.data : error.statusText]
    : ["Something went wrong", "The server could not complete this request. Try again, or go back to the releases."];
  return (
    <div className="mx-auto max-w-2xl p-10">
      <h1 className="text-3xl font-bold text-slate-900">{title}</h1>
      <p className="mt-3 text-lg text-slate-700">{message}</p>
      <Link to="/" className="mt-6 inline-block rounded-md bg-slate-900 px-4 py-2 font-semibold text-white">
        ← All releases
      </Link>
    </div>
  );
}

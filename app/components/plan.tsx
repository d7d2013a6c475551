import { Link } from "@remix-run/react";

export function NoPlan({ release, mayReplace }: { release: string; mayReplace: boolean }) {
  return (
    <div className="rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200" data-empty-plan>
      <p className="text-lg font-semibold">This release has no plan yet.</p>
      <p className="mt-1 text-slate-600">
        {mayReplace ? (
          <>
            <Link to={`/releases/${release}/plan/import`} className="font-semibold text-slate-900 underline">
              Import a WBS from CSV
            </Link>{" "}
            or PUT one to <code>/api/v1/releases/{release}/wbs</code>.
          </>
        ) : (
          "An admin imports the WBS from CSV or over the API."
        )}
      </p>
    </div>
  );
}

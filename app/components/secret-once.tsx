/** A secret or link shown exactly once, in a box that is easy to select and copy. */
export function SecretOnce({ label, value }: { label: string; value: string }) {
  return (
    <div role="status" className="rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-300">
      <div className="font-semibold text-emerald-900">{label}</div>
      <div className="mt-1 text-sm text-emerald-800">Copy it now: it is not shown again.</div>
      <input
        readOnly
        value={value}
        data-secret
        onFocus={(e) => e.currentTarget.select()}
        className="mt-2 w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-sm"
      />
    </div>
  );
}

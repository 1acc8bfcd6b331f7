/** Shown instead of an admin page to someone signed in with a weaker role (the API refuses them too). */
export function AdminOnly({ what }: { what: string }) {
  return (
    <div className="mx-auto max-w-md py-16 text-center" data-testid="admin-only">
      <p className="text-sm font-semibold text-blue-700">Admins only</p>
      <h1 className="mt-2 text-xl font-semibold text-slate-900">You cannot view {what}</h1>
      <p className="mt-2 text-sm text-slate-500">Ask an administrator if you need access.</p>
    </div>
  );
}

import Link from "next/link";

export default function AgentNotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center" data-testid="agent-not-found">
      <p className="text-sm font-semibold text-blue-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Agent not found</h1>
      <p className="mt-2 text-sm text-slate-500">No agent with this id is registered. It may have been removed, or the link is mistyped.</p>
      <Link href="/agents" className="mt-6 inline-block rounded-lg bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
        Back to agents
      </Link>
    </div>
  );
}

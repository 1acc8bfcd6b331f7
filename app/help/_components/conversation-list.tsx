"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDeleteDialog } from "@/app/_components/forms";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, RelativeTime, SkeletonRows } from "@/app/_components/ui";

function DeleteDialog({ id, title, onClose, active, onNew }: { id: string; title: string; onClose: () => void; active: boolean; onNew: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const remove = useMutation(
    trpc.help.deleteConversation.mutationOptions({
      onSuccess: async () => {
        onClose();
        await qc.invalidateQueries({ queryKey: trpc.help.conversations.queryKey() });
        if (active) {
          onNew(); // the open chat may be /help itself (its URL replaced): reset it too
          router.push("/help");
        }
      },
    }),
  );
  return (
    <ConfirmDeleteDialog title="Delete this conversation?" testId="delete-conversation-dialog" onClose={onClose} onConfirm={() => remove.mutate({ id })} pending={remove.isPending} error={remove.error}>
      “{title}” and its answers and feedback are removed for good.
    </ConfirmDeleteDialog>
  );
}

/**
 * The signed-in user's conversations, newest first. A column beside the chat on wide screens; on a
 * phone it collapses behind a "Conversations" button so the chat keeps the width.
 */
export function ConversationList({ activeId, onNew }: { activeId: string | undefined; onNew: () => void }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.help.conversations.queryOptions());
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState<{ id: string; title: string } | null>(null);
  const count = list.data?.length;

  return (
    <aside className="min-w-0 lg:sticky lg:top-6 lg:self-start" data-testid="help-conversations">
      <div className="flex items-center gap-2">
        <Link
          href="/help"
          onClick={onNew}
          className="inline-flex flex-1 items-center justify-center gap-1 rounded-lg bg-blue-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-blue-500"
        >
          + New conversation
        </Link>
        <button
          type="button"
          className="rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 lg:hidden"
          aria-expanded={open}
          aria-controls="help-conversation-list"
          onClick={() => setOpen((o) => !o)}
        >
          Conversations{count ? ` (${count})` : ""}
        </button>
      </div>
      <nav id="help-conversation-list" aria-label="Conversations" className={`mt-3 ${open ? "block" : "hidden"} lg:block`}>
        {list.error && !list.data ? (
          <ErrorState error={list.error} what="conversations" onRetry={() => void list.refetch()} />
        ) : !list.data ? (
          <SkeletonRows rows={4} />
        ) : list.data.length === 0 ? (
          <EmptyState title="No conversations yet" icon="?">
            Questions you ask are kept here, only for you.
          </EmptyState>
        ) : (
          <ul className="max-h-[70vh] space-y-1 overflow-y-auto pr-1">
            {list.data.map((c) => {
              const active = c.id === activeId;
              return (
                <li key={c.id} className={`group flex items-start gap-1 rounded-lg ${active ? "bg-white shadow-sm ring-1 ring-slate-200" : "hover:bg-white/70"}`} data-testid="help-conversation-item">
                  <Link href={`/help/${encodeURIComponent(c.id)}`} onClick={() => setOpen(false)} aria-current={active ? "page" : undefined} className="min-w-0 flex-1 px-3 py-2">
                    <span className={`block truncate text-sm ${active ? "font-semibold text-slate-900" : "font-medium text-slate-700"}`}>{c.title}</span>
                    <span className="block text-[11px] text-slate-400">
                      {c.messageCount} {c.messageCount === 1 ? "message" : "messages"} · <RelativeTime iso={c.updatedAt} />
                    </span>
                  </Link>
                  <button
                    type="button"
                    aria-label={`Delete conversation ${c.title}`}
                    title="Delete"
                    onClick={() => setDeleting({ id: c.id, title: c.title })}
                    className="mr-1 mt-1.5 rounded-md p-1 text-slate-400 hover:bg-rose-50 hover:text-rose-600 focus:opacity-100 lg:opacity-0 lg:group-hover:opacity-100"
                  >
                    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" className="h-4 w-4" aria-hidden="true">
                      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 002 2h6a2 2 0 002-2l1-12M9 7V4h6v3" />
                    </svg>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <Link href="/help/knowledge" className="mt-4 block px-3 text-xs font-medium text-blue-700 hover:underline">
          Knowledge base →
        </Link>
      </nav>
      {deleting && <DeleteDialog id={deleting.id} title={deleting.title} active={deleting.id === activeId} onNew={onNew} onClose={() => setDeleting(null)} />}
    </aside>
  );
}

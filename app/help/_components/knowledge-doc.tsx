"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, ConfirmDeleteDialog } from "@/app/_components/forms";
import { useCan } from "@/app/_components/session";
import { useTRPC } from "@/app/_components/trpc";
import { Panel, QueryView, RelativeTime, SkeletonRows } from "@/app/_components/ui";
import { DocumentForm, formatBytes, SourceBadge, utf8Bytes } from "./knowledge";
import { Markdown } from "./markdown";

function DeleteDocument({ id, title, onClose }: { id: string; title: string; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const remove = useMutation(
    trpc.help.documents.remove.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.help.documents.list.queryKey() });
        router.push("/help/knowledge");
      },
    }),
  );
  return (
    <ConfirmDeleteDialog title="Delete this document?" testId="delete-document-dialog" onClose={onClose} onConfirm={() => remove.mutate({ id })} pending={remove.isPending} error={remove.error}>
      “{title}” is removed from the knowledge base; answers stop citing it.
    </ConfirmDeleteDialog>
  );
}

/** One knowledge document: read it; operators edit or delete their own (runbooks are read-only). */
export function KnowledgeDocument({ id }: { id: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canEdit = useCan("operator");
  const doc = useQuery(trpc.help.documents.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const update = useMutation(
    trpc.help.documents.update.mutationOptions({
      onSuccess: async () => {
        await Promise.all([qc.invalidateQueries({ queryKey: trpc.help.documents.get.queryKey({ id }) }), qc.invalidateQueries({ queryKey: trpc.help.documents.list.queryKey() })]);
        setEditing(false);
      },
    }),
  );

  return (
    <div className="space-y-4">
      <nav className="text-xs text-slate-500" aria-label="Breadcrumb">
        <Link href="/help" className="hover:underline">
          Help
        </Link>{" "}
        /{" "}
        <Link href="/help/knowledge" className="hover:underline">
          Knowledge base
        </Link>
      </nav>
      <QueryView query={doc} what="the document" skeleton={<SkeletonRows rows={8} />}>
        {(d) => {
          const editable = canEdit && d.source === "operator";
          return (
            <Panel
              testId="knowledge-document"
              title={<span className="text-lg">{d.title}</span>}
              subtitle={
                <span className="flex flex-wrap items-center gap-2">
                  <SourceBadge source={d.source} />
                  <span className="font-mono">{d.slug}</span>
                  <span>{formatBytes(utf8Bytes(d.body))}</span>
                  <span>
                    updated <RelativeTime iso={d.updatedAt} />
                  </span>
                </span>
              }
              actions={
                editable &&
                !editing && (
                  <div className="flex gap-2">
                    <Button onClick={() => setEditing(true)}>Edit</Button>
                    <Button variant="danger" onClick={() => setDeleting(true)}>
                      Delete
                    </Button>
                  </div>
                )
              }
            >
              {editing ? (
                <DocumentForm
                  testId="edit-document-form"
                  initial={{ title: d.title, body: d.body }}
                  submitLabel="Save"
                  busyLabel="Saving…"
                  pending={update.isPending}
                  error={update.error}
                  onSubmit={(v) => update.mutate({ id: d.id, ...v })}
                  onCancel={() => setEditing(false)}
                />
              ) : (
                <Markdown text={d.body} className="max-w-3xl" />
              )}
              {deleting && <DeleteDocument id={d.id} title={d.title} onClose={() => setDeleting(false)} />}
            </Panel>
          );
        }}
      </QueryView>
    </div>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, Field, FormError, inputCls } from "@/app/_components/forms";
import { useCan } from "@/app/_components/session";
import { useTRPC, type RouterOutputs } from "@/app/_components/trpc";
import { EmptyState, Panel, QueryView, RelativeTime } from "@/app/_components/ui";
import { MAX_DOC_TITLE_CHARS } from "@/server/help/contract";
import { TableHead } from "@/app/_components/table";

/** Size limits of the knowledge base (server settings; enforced by the server on every write). */
function useHelpLimits() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.help.limits.queryOptions(), refetchInterval: false }).data;
}

type Doc = RouterOutputs["help"]["documents"]["list"][number];

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

export function SourceBadge({ source }: { source: Doc["source"] }) {
  return source === "builtin" ? (
    <span className="whitespace-nowrap rounded-md bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-600">Built-in runbook</span>
  ) : (
    <span className="whitespace-nowrap rounded-md bg-blue-50 px-1.5 py-0.5 text-[11px] font-medium text-blue-700">Operator document</span>
  );
}

/** Title + body editor shared by "add" here and "edit" on the document page. */
export function DocumentForm({ initial, submitLabel, busyLabel, pending, error, onSubmit, onCancel, testId }: {
  initial: { title: string; body: string };
  submitLabel: string;
  busyLabel: string;
  pending: boolean;
  error: { message: string } | null;
  onSubmit: (v: { title: string; body: string }) => void;
  onCancel?: () => void;
  testId: string;
}) {
  const [form, setForm] = useState(initial);
  const maxBytes = useHelpLimits()?.maxDocumentBytes;
  const bytes = utf8Bytes(form.body);
  const tooBig = maxBytes !== undefined && bytes > maxBytes;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!tooBig) onSubmit({ title: form.title.trim(), body: form.body });
  };
  return (
    <form onSubmit={submit} className="space-y-3" data-testid={testId}>
      <Field label="Title">
        <input required maxLength={MAX_DOC_TITLE_CHARS} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} className={`${inputCls} w-full`} aria-label="Title" />
      </Field>
      <Field
        label="Text"
        hint={
          <span className={tooBig ? "font-medium text-rose-600" : undefined}>
            {formatBytes(bytes)}
            {maxBytes !== undefined && ` of ${formatBytes(maxBytes)}`} · paragraphs, "- " bullets, **bold** and [label](/path) links are kept
          </span>
        }
      >
        <textarea required rows={10} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} className={`${inputCls} w-full font-mono text-xs leading-relaxed`} aria-label="Text" />
      </Field>
      <FormError error={error} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={pending || tooBig}>
          {pending ? busyLabel : submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
}

function AddDocument({ operatorCount }: { operatorCount: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const create = useMutation(
    trpc.help.documents.create.mutationOptions({
      onSuccess: async (doc) => {
        await qc.invalidateQueries({ queryKey: trpc.help.documents.list.queryKey() });
        setOpen(false);
        setFormKey((k) => k + 1);
        if (doc && typeof doc === "object" && "id" in doc) router.push(`/help/knowledge/${encodeURIComponent(String(doc.id))}`);
      },
    }),
  );
  const limits = useHelpLimits();
  const full = !!limits && operatorCount >= limits.maxDocuments;
  if (!open) {
    return (
      <Button variant="primary" onClick={() => setOpen(true)} disabled={full} title={full ? "The knowledge base is full: delete a document first" : undefined}>
        + Add document
      </Button>
    );
  }
  return (
    <Panel title="Add a document" subtitle="Operators' notes, runbooks and FAQs: the help agent searches them with every question." className="w-full">
      <DocumentForm key={formKey} testId="add-document-form" initial={{ title: "", body: "" }} submitLabel="Add document" busyLabel="Adding…" pending={create.isPending} error={create.error} onSubmit={(v) => create.mutate(v)} onCancel={() => setOpen(false)} />
    </Panel>
  );
}

function DocTable({ docs }: { docs: Doc[] }) {
  if (docs.length === 0) return <EmptyState title="No documents">Nothing here yet.</EmptyState>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] table-fixed text-left text-sm">
        <colgroup>
          <col />
          <col className="w-40" />
          <col className="w-24" />
          <col className="w-32" />
        </colgroup>
        <TableHead cells caps columns={["Title", "Source", { label: "Size", align: "right" }, "Updated"]} />
        <tbody className="divide-y divide-slate-100">
          {docs.map((d) => (
            <tr key={d.id} data-testid="knowledge-row" data-source={d.source}>
              <td className="px-4 py-2">
                <Link href={`/help/knowledge/${encodeURIComponent(d.id)}`} className="block truncate font-medium text-blue-700 hover:underline">
                  {d.title}
                </Link>
                <span className="block truncate font-mono text-[11px] text-slate-400">{d.slug}</span>
              </td>
              <td className="px-4 py-2">
                <SourceBadge source={d.source} />
              </td>
              <td className="px-4 py-2 text-right tabular-nums text-slate-600">{formatBytes(d.bytes)}</td>
              <td className="px-4 py-2 text-slate-500">
                <RelativeTime iso={d.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The knowledge base: built-in runbooks (read-only) and operator documents (operator+ edits). */
export function KnowledgePage() {
  const trpc = useTRPC();
  const canEdit = useCan("operator");
  const docs = useQuery(trpc.help.documents.list.queryOptions());
  const operatorDocs = docs.data?.filter((d) => d.source === "operator") ?? [];
  const builtin = docs.data?.filter((d) => d.source === "builtin") ?? [];
  const usedBytes = operatorDocs.reduce((s, d) => s + d.bytes, 0);
  const limits = useHelpLimits();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="max-w-2xl text-sm text-slate-600" data-testid="knowledge-limits">
          The help agent searches these with every question and cites what it uses.{" "}
          {docs.data && limits && (
            <>
              {operatorDocs.length} of {limits.maxDocuments} operator documents, {formatBytes(usedBytes)} of {formatBytes(limits.maxTotalDocumentBytes)} in total; each up to{" "}
              {formatBytes(limits.maxDocumentBytes)}.
            </>
          )}
        </p>
        {canEdit ? docs.data && <AddDocument operatorCount={operatorDocs.length} /> : <span className="rounded-md bg-slate-100 px-2 py-1 text-xs text-slate-600">Read only: operators add and edit documents</span>}
      </div>
      <Panel title="Operator documents" bodyClassName="p-0" testId="knowledge-operator">
        <QueryView query={docs} what="documents">
          {() =>
            operatorDocs.length === 0 ? (
              <EmptyState title="No operator documents yet">
                {canEdit ? "Add your team's runbooks, escalation notes or FAQs so answers can cite them." : "Operators can add their team's runbooks and notes here."}
              </EmptyState>
            ) : (
              <DocTable docs={operatorDocs} />
            )
          }
        </QueryView>
      </Panel>
      <Panel title="Built-in runbooks" subtitle="Shipped with Vigil; read-only." bodyClassName="p-0" testId="knowledge-builtin">
        <QueryView query={docs} what="runbooks">
          {() => <DocTable docs={builtin} />}
        </QueryView>
      </Panel>
    </div>
  );
}

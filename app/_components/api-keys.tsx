"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "./format";
import { Button, Field, FormError, inputCls, Modal } from "./forms";
import { useCan } from "./session";
import { useTRPC } from "./trpc";
import { Chips, EmptyState, Panel, QueryView, RelativeTime } from "./ui";
import { TableHead } from "./table";

const SCOPES = [
  { id: "ingest", label: "ingest", hint: "send heartbeats, metrics, events" },
  { id: "read", label: "read", hint: "read agents and data" },
  { id: "admin", label: "admin", hint: "everything, incl. settings" },
] as const;
type Scope = (typeof SCOPES)[number]["id"];

const EXPIRY = [
  { label: "Never", days: 0 },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
];

const STATUS_STYLE: Record<string, string> = {
  active: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  expired: "bg-amber-50 text-amber-800 ring-amber-600/20",
  revoked: "bg-slate-100 text-slate-600 ring-slate-500/20",
};

/** The secret of a key just created: shown once, with a copy button. */
function NewKeyDialog({ secret, onClose }: { secret: string; onClose: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  return (
    <Modal title="Your new API key" onClose={onClose} testId="new-key-dialog">
      <p className="text-sm text-slate-600">Copy it now: it is shown only this once and cannot be recovered (Vigil stores only a hash).</p>
      <div className="mt-3 flex items-center gap-2">
        <code className="min-w-0 flex-1 select-all break-all rounded-lg bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900" data-testid="new-key-secret">
          {secret}
        </code>
        <Button
          variant="primary"
          onClick={() =>
            navigator.clipboard.writeText(secret).then(
              () => setCopied("yes"),
              () => setCopied("failed"),
            )
          }
        >
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
      </div>
      {copied === "failed" && <p className="mt-2 text-xs text-amber-700">The browser refused clipboard access: select the key and copy it by hand.</p>}
      <div className="mt-5 flex justify-end">
        <Button onClick={onClose}>Done — I stored it</Button>
      </div>
    </Modal>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["ingest"]);
  const [days, setDays] = useState(0);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setName("");
        onCreated(key.secret);
        void qc.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, scopes, expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null });
  };
  return (
    <form onSubmit={submit} className="space-y-3 border-b border-slate-100 pb-4" data-testid="create-key-form">
      <div className="grid gap-3 sm:grid-cols-[1fr_auto]">
        <Field label="Name">
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="e.g. billing workers" className={`${inputCls} w-full`} aria-label="Key name" />
        </Field>
        <Field label="Expires">
          <select value={days} onChange={(e) => setDays(Number(e.target.value))} className={inputCls} aria-label="Expiry">
            {EXPIRY.map((x) => (
              <option key={x.days} value={x.days}>
                {x.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset>
        <legend className="text-xs font-medium text-slate-600">Scopes</legend>
        <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
          {SCOPES.map((s) => (
            <label key={s.id} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={scopes.includes(s.id)}
                onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s.id] : cur.filter((x) => x !== s.id)))}
              />
              <span className="font-medium">{s.label}</span>
              <span className="text-xs text-slate-400">{s.hint}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <FormError error={create.error} />
      <Button type="submit" variant="primary" disabled={create.isPending || !name.trim() || scopes.length === 0}>
        {create.isPending ? "Creating…" : "Create API key"}
      </Button>
    </form>
  );
}

function RevokeButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSettled: () => qc.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() }) }));
  if (!confirming) {
    return (
      <Button variant="danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
    );
  }
  return (
    <span className="inline-flex gap-1">
      <Button variant="dangerSolid" disabled={revoke.isPending} onClick={() => revoke.mutate({ id })} aria-label={`Confirm revoking ${name}`}>
        {revoke.isPending ? "Revoking…" : "Confirm revoke"}
      </Button>
      <Button onClick={() => setConfirming(false)}>Cancel</Button>
    </span>
  );
}

/** Settings → API keys: everyone sees prefixes and usage; admins create and revoke. */
export function ApiKeysPanel() {
  const trpc = useTRPC();
  const isAdmin = useCan("admin");
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Panel title="API keys" subtitle="Agents authenticate with these. Stored hashed: a key is shown once, when created." testId="api-keys">
      {isAdmin && <CreateKeyForm onCreated={setSecret} />}
      {secret && <NewKeyDialog secret={secret} onClose={() => setSecret(null)} />}
      <QueryView query={keys} what="API keys">
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState title="No API keys">Create one above to let agents report.</EmptyState>
          ) : (
            <div className="-mx-4 overflow-x-auto">
              <table className="min-w-full text-left text-sm">
                <TableHead cells columns={["Name", "Key", "Scopes", "Created", "Last used", "Expires", "Status", ""]} />
                <tbody className="divide-y divide-slate-100">
                  {rows.map((k) => (
                    <tr key={k.id} data-testid="api-key-row" data-prefix={k.prefix} data-status={k.status}>
                      <td className="px-4 py-2 font-medium text-slate-800">{k.name}</td>
                      <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-600">{k.prefix}…</td>
                      <td className="px-4 py-2">
                        <Chips items={k.scopes} />
                      </td>
                      <td className="whitespace-nowrap px-4 py-2 text-slate-600">
                        <RelativeTime iso={k.createdAt} />
                      </td>
                      <td className="whitespace-nowrap px-4 py-2 text-slate-600">
                        <RelativeTime iso={k.lastUsedAt} />
                      </td>
                      <td className="whitespace-nowrap px-4 py-2 text-slate-600">{k.expiresAt ? formatDateTime(k.expiresAt) : "never"}</td>
                      <td className="px-4 py-2">
                        <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[k.status]}`}>{k.status}</span>
                      </td>
                      <td className="px-4 py-2 text-right">{isAdmin && k.status === "active" && <RevokeButton id={k.id} name={k.name} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </Panel>
  );
}

/** Settings → Security: the per-key API rate limit (admins edit; empty = the environment's default). */
export function SecurityPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const isAdmin = useCan("admin");
  const q = useQuery(trpc.settings.security.queryOptions());
  const [value, setValue] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.updateSecurity.mutationOptions({
      onSuccess: () => {
        setValue(null);
        void qc.invalidateQueries({ queryKey: trpc.settings.security.queryKey() });
      },
    }),
  );
  return (
    <Panel title="Security" subtitle="Applies to the public API" testId="security-settings">
      <QueryView query={q} what="security settings">
        {(s) => (
          <div className="space-y-3 text-sm">
            <p className="text-slate-700">
              Rate limit per API key: <strong data-testid="rate-limit-value">{s.apiRateLimitPerMinute === 0 ? "off" : `${s.apiRateLimitPerMinute.toLocaleString("en-US")} requests / minute`}</strong>{" "}
              <span className="text-xs text-slate-400">({s.stored.apiRateLimitPerMinute === null ? `VIGIL_RATE_LIMIT_PER_MINUTE default` : "set here"})</span>
            </p>
            {isAdmin && (
              <form
                className="flex flex-wrap items-end gap-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  const v = (value ?? "").trim();
                  save.mutate({ apiRateLimitPerMinute: v === "" ? null : Number(v) });
                }}
              >
                <Field label="Requests per minute per key" hint={`0 = off; empty = environment default (${s.envApiRateLimitPerMinute})`}>
                  <input
                    type="number"
                    min={0}
                    value={value ?? (s.stored.apiRateLimitPerMinute ?? "").toString()}
                    onChange={(e) => setValue(e.target.value)}
                    className={`${inputCls} w-40`}
                    aria-label="Rate limit per minute"
                  />
                </Field>
                <Button type="submit" variant="primary" disabled={save.isPending || value === null}>
                  Save
                </Button>
                <FormError error={save.error} />
              </form>
            )}
          </div>
        )}
      </QueryView>
    </Panel>
  );
}

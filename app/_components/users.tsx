"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Role } from "@/server/auth/roles";
import { Button, Field, FormError, inputCls, Modal } from "./forms";
import { useCurrentUser } from "./session";
import { useTRPC, type RouterOutputs } from "./trpc";
import { Panel, QueryView, RelativeTime } from "./ui";
import { TableHead } from "./table";

type User = RouterOutputs["users"]["list"][number];
const ROLES: { id: Role; hint: string }[] = [
  { id: "viewer", hint: "read only" },
  { id: "operator", hint: "pause/resume agents, incidents, roster" },
  { id: "admin", hint: "everything: users, API keys, settings" },
];

function useInvalidateUsers() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
}

function CreateUserForm() {
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "viewer" as Role });
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: () => {
        setForm({ email: "", name: "", password: "", role: "viewer" });
        void invalidate();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...form, name: form.name || undefined });
  };
  return (
    <Panel title="Add a user" subtitle="Give them the password through a safe channel; they sign in with their email.">
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1.4fr_1fr_1.2fr_auto_auto] lg:items-end" data-testid="create-user-form">
        <Field label="Email">
          <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} className={`${inputCls} w-full`} aria-label="Email" />
        </Field>
        <Field label="Name (optional)">
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} className={`${inputCls} w-full`} aria-label="Name" />
        </Field>
        <Field label="Initial password (8+ characters)">
          <input type="text" autoComplete="new-password" required minLength={8} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} className={`${inputCls} w-full font-mono`} aria-label="Initial password" />
        </Field>
        <Field label="Role">
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} className={inputCls} aria-label="Role">
            {ROLES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add user"}
        </Button>
        <div className="sm:col-span-2 lg:col-span-5">
          <FormError error={create.error} />
        </div>
      </form>
    </Panel>
  );
}

function SetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const trpc = useTRPC();
  const [password, setPassword] = useState("");
  const set = useMutation(trpc.users.setPassword.mutationOptions({ onSuccess: onClose }));
  return (
    <Modal title={`New password for ${user.email}`} onClose={onClose}>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate({ id: user.id, password });
        }}
      >
        <p className="text-sm text-slate-600">Their current sessions end; they sign in again with the new password.</p>
        <input type="text" autoComplete="new-password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} className={`${inputCls} w-full font-mono`} aria-label="New password" />
        <FormError error={set.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={set.isPending}>
            Set password
          </Button>
        </div>
      </form>
    </Modal>
  );
}

function UserRow({ u }: { u: User }) {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const invalidate = useInvalidateUsers();
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSettled: () => invalidate() }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSettled: () => invalidate() }));
  const unlock = useMutation(trpc.users.unlock.mutationOptions({ onSettled: () => invalidate() }));
  const [pw, setPw] = useState(false);
  const self = me?.id === u.id;
  const error = setRole.error ?? setDisabled.error ?? unlock.error;
  return (
    <tr data-testid="user-row" data-email={u.email} className={u.disabled ? "bg-slate-50 text-slate-400" : ""}>
      <td className="px-4 py-2">
        <p className="font-medium text-slate-800">{u.email}</p>
        <p className="text-xs text-slate-500">
          {u.name}
          {self && " · you"}
        </p>
        {error && <p className="mt-1 text-xs text-rose-700" role="alert">{error.message}</p>}
      </td>
      <td className="px-4 py-2">
        <select
          value={u.role}
          disabled={self || setRole.isPending}
          onChange={(e) => setRole.mutate({ id: u.id, role: e.target.value as Role })}
          className={inputCls}
          aria-label={`Role of ${u.email}`}
        >
          {ROLES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.id}
            </option>
          ))}
        </select>
      </td>
      <td className="whitespace-nowrap px-4 py-2 text-sm">
        {u.disabled ? <span className="text-rose-700">disabled</span> : <span className="text-emerald-700">active</span>}
        {u.locked && (
          <span className="ml-2 text-amber-700" title="Too many failed sign-ins from some browser or network: locked for them until the lock runs out or you unlock it">
            locked
          </span>
        )}
      </td>
      <td className="whitespace-nowrap px-4 py-2 text-sm text-slate-600">
        <RelativeTime iso={u.lastSeenAt} />
      </td>
      <td className="whitespace-nowrap px-4 py-2 text-right">
        <span className="inline-flex gap-1">
          {u.locked && (
            <Button disabled={unlock.isPending} onClick={() => unlock.mutate({ id: u.id })}>
              Unlock
            </Button>
          )}
          <Button onClick={() => setPw(true)}>Set password</Button>
          {!self && (
            <Button variant={u.disabled ? "secondary" : "danger"} disabled={setDisabled.isPending} onClick={() => setDisabled.mutate({ id: u.id, disabled: !u.disabled })}>
              {u.disabled ? "Enable" : "Disable"}
            </Button>
          )}
        </span>
        {pw && <SetPasswordDialog user={u} onClose={() => setPw(false)} />}
      </td>
    </tr>
  );
}

/** Users page (admins): who may sign in, with which role. */
export function UsersAdmin() {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  return (
    <div className="space-y-6">
      <CreateUserForm />
      <Panel title="Users" subtitle={ROLES.map((r) => `${r.id}: ${r.hint}`).join(" · ")} testId="users">
        <QueryView query={users} what="users">
          {(rows) => (
            <div className="-mx-4 overflow-x-auto">
              <table className="min-w-full text-left text-sm">
                <TableHead cells columns={["User", "Role", "Status", "Last active", ""]} />
                <tbody className="divide-y divide-slate-100">
                  {rows.map((u) => (
                    <UserRow key={u.id} u={u} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryView>
      </Panel>
    </div>
  );
}

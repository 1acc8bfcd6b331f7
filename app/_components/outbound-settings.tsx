"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button, Field, FormError, inputCls } from "./forms";
import { useCan } from "./session";
import { useTRPC } from "./trpc";
import { Panel, QueryView } from "./ui";

/** "a, b\nc" → ["a", "b", "c"]: entries may be separated by commas or new lines. */
const entriesOf = (text: string) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

/**
 * Outbound requests: the allow-list of internal hosts, addresses and CIDRs that recovery webhooks
 * may reach (everything internal is refused otherwise). Everyone sees it; admins change it.
 */
export function OutboundPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const isAdmin = useCan("admin");
  const q = useQuery(trpc.settings.security.queryOptions());
  const [text, setText] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.updateSecurity.mutationOptions({
      onSuccess: () => {
        setText(null);
        void qc.invalidateQueries({ queryKey: trpc.settings.security.queryKey() });
      },
    }),
  );
  return (
    <Panel title="Outbound requests" subtitle="Where webhooks may be sent" testId="outbound-settings">
      <QueryView query={q} what="outbound settings">
        {(s) => (
          <div className="space-y-3 text-sm">
            <p className="text-slate-700">
              Webhooks to loopback, private, link-local, carrier-grade NAT, multicast and other internal addresses are refused, checked on the address a name resolves to when sending, unless allow-listed here.
            </p>
            <p className="text-slate-700">
              Allowed internal targets:{" "}
              <strong data-testid="outbound-allowlist">{s.outboundAllowlist.length ? s.outboundAllowlist.join(", ") : "none"}</strong>{" "}
              <span className="text-xs text-slate-400">({s.stored.outboundAllowlist === null ? "VIGIL_OUTBOUND_ALLOWLIST default" : "set here"})</span>
            </p>
            {isAdmin && (
              <form
                className="space-y-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  save.mutate({ outboundAllowlist: entriesOf(text ?? "") });
                }}
              >
                <Field label="Allow-list" hint={`Host names, IP addresses or CIDRs, one per line or comma-separated (e.g. 10.0.0.0/8). Environment default: ${s.envOutboundAllowlist.join(", ") || "none"}`}>
                  <textarea
                    rows={3}
                    value={text ?? (s.stored.outboundAllowlist ?? s.envOutboundAllowlist).join("\n")}
                    onChange={(e) => setText(e.target.value)}
                    className={`${inputCls} w-full max-w-md font-mono`}
                    aria-label="Outbound allow-list"
                  />
                </Field>
                <div className="flex flex-wrap gap-2">
                  <Button type="submit" variant="primary" disabled={save.isPending || text === null}>
                    Save
                  </Button>
                  {s.stored.outboundAllowlist !== null && (
                    <Button type="button" disabled={save.isPending} onClick={() => save.mutate({ outboundAllowlist: null })}>
                      Use the environment default
                    </Button>
                  )}
                </div>
                <FormError error={save.error} />
              </form>
            )}
          </div>
        )}
      </QueryView>
    </Panel>
  );
}

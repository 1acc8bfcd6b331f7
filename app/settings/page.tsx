import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { ApiKeysPanel, SecurityPanel } from "../_components/api-keys";
import { OutboundPanel } from "../_components/outbound-settings";
import { PageHeader } from "../_components/ui";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageSession("/settings");
  return (
    <>
      <PageHeader title="Settings" subtitle="API keys, security and outbound requests" />
      <div className="space-y-6">
        <ApiKeysPanel />
        <SecurityPanel />
        <OutboundPanel />
      </div>
    </>
  );
}

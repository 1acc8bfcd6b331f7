import type { Metadata } from "next";
import { pageAllows } from "@/server/auth/page-session";
import { AdminOnly } from "../_components/admin-only";
import { AuditLog } from "../_components/audit";
import { PageHeader } from "../_components/ui";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  if (!(await pageAllows("admin", "/audit"))) return <AdminOnly what="the audit log" />;
  return (
    <>
      <PageHeader title="Audit log" subtitle="Who did what, when — newest first" />
      <AuditLog />
    </>
  );
}

import type { Metadata } from "next";
import { pageAllows } from "@/server/auth/page-session";
import { AdminOnly } from "../_components/admin-only";
import { PageHeader } from "../_components/ui";
import { UsersAdmin } from "../_components/users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  if (!(await pageAllows("admin", "/users"))) return <AdminOnly what="users" />;
  return (
    <>
      <PageHeader title="Users" subtitle="Who can sign in to the dashboard, and what they may do" />
      <UsersAdmin />
    </>
  );
}

import { requirePageSession } from "@/server/auth/page-session";
import { Overview } from "./_components/overview";

export default async function OverviewPage() {
  await requirePageSession("/");
  return <Overview />;
}

import type { Metadata } from "next";
import { requirePageSession } from "@/server/auth/page-session";
import { EventsPage } from "../_components/events";

export const metadata: Metadata = { title: "Events" };

export default async function Page() {
  await requirePageSession("/events");
  return <EventsPage />;
}

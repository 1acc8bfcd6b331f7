import type { Metadata } from "next";
import { EventsPage } from "../_components/events";

export const metadata: Metadata = { title: "Events" };

export default function Page() {
  return <EventsPage />;
}

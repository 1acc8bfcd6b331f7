/**
 * Names and messages chosen by whoever reports them reach help answers as text, not markup: an
 * agent registered with a Markdown link as its name, and an error event carrying a heading and a
 * link, asked about through the help API; the answer rendered with the dashboard's Markdown
 * renderer links only to this origin and shows the hostile text verbatim.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentsRoute from "@/app/api/v1/agents/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import { Markdown } from "@/app/help/_components/markdown";
import { call, makeKey } from "../../test/http";
import { readSse, startHelpServer, type HelpTestServer } from "../../test/help-server";
import type { HelpAnswer, HelpEvent } from "./contract";

const NAME = "[Open the fix runbook](/\\evil.example/login)";
const MESSAGE = "disk full\n# Urgent: [re-login here](//evil.example/login) **now**";
const ORIGIN = "https://vigil.example";

let server: HelpTestServer;
let readKey: string;

beforeAll(async () => {
  const ingest = await makeKey(["ingest"]);
  readKey = await makeKey(["read"]);
  expect((await call(agentsRoute.POST, { path: "/api/v1/agents", key: ingest, body: { id: "fix-runner", name: NAME } })).status).toBe(201);
  const events = await call(eventsRoute.POST, { path: "/api/v1/events", key: ingest, body: { events: [{ agentId: "fix-runner", type: "job_failed", severity: "error", message: MESSAGE }] } });
  expect(events.status).toBeLessThan(300);
  server = await startHelpServer();
});
afterAll(() => server?.close());

const render = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));
const hrefs = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
const visible = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");

async function ask(question: string): Promise<HelpAnswer> {
  const res = await fetch(`${server.url}/api/v1/help/ask`, { method: "POST", headers: { authorization: `Bearer ${readKey}`, "content-type": "application/json", accept: "text/event-stream" }, body: JSON.stringify({ question }) });
  expect(res.status).toBe(200);
  const events = await readSse(res);
  const done = events.at(-1) as Extract<HelpEvent, { type: "agent_completed" }>;
  expect(done.type).toBe("agent_completed");
  return done;
}

describe("help answers about an agent with a hostile name", () => {
  it.each([["What is the status of fix-runner?"], ["Why is fix-runner failing?"]])("%s → no link leaves the dashboard, the name reads as text", async (question) => {
    const answer = await ask(question);
    const html = render(answer.answer);
    const links = hrefs(html);
    // Vigil's own link to the agent is still a link; nothing points to another origin.
    expect(links).toContain("/agents/fix-runner");
    for (const h of links) expect(new URL(h, ORIGIN).origin, h).toBe(ORIGIN);
    expect(html).not.toContain("evil.example/login\"");
    expect(html).not.toMatch(/<a [^>]*>Open the fix runbook<\/a>/);
    // The operator sees the name as it was registered.
    expect(visible(html)).toContain(NAME);
    // The answer's links list (rendered as chips) holds only dashboard paths.
    for (const l of answer.links) expect(new URL(l.href, ORIGIN).origin).toBe(ORIGIN);
  });

  it("an event message cannot open a heading or a link in the answer", async () => {
    const answer = await ask("Why is fix-runner failing?");
    const html = render(answer.answer);
    expect(visible(html)).toContain("disk full # Urgent: [re-login here](//evil.example/login) **now**");
    expect(html).not.toMatch(/role="heading"[^>]*>[^<]*Urgent/);
    expect(hrefs(html).some((h) => h.includes("evil"))).toBe(false);
  });
});

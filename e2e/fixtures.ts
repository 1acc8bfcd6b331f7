import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { API_KEY } from "./credentials";

export { ADMIN_EMAIL, ADMIN_PASSWORD, API_KEY, VIEWER_PASSWORD, WRONG_PASSWORD } from "./credentials";

/** Signs in through the login form (the page must be signed out) and waits for the dashboard. */
export async function signInThroughForm(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("user-box").filter({ visible: true })).toContainText(email);
}

export const BUILTIN_AGENT_IDS = [
  "agent_coordinator",
  "heartbeat_health_agent",
  "performance_monitor",
  "self_healing_agent",
  "enhanced_shared_state_monitor",
  "langsmith_bridge",
  "ai_help_agent",
];

/** Thin client for Vigil's public ingestion API (docs/api.md), authenticated with the e2e key. */
export class VigilApi {
  constructor(private readonly request: APIRequestContext) {}

  private async post(path: string, data: unknown): Promise<unknown> {
    const res = await this.request.post(path, { data, headers: { Authorization: `Bearer ${API_KEY}` } });
    if (!res.ok()) throw new Error(`POST ${path} → ${res.status()}: ${await res.text()}`);
    return res.json();
  }

  registerAgent(agent: { id: string; name?: string; capabilities?: string[]; version?: string; heartbeatIntervalSeconds?: number; graceSeconds?: number; expected?: boolean; metadata?: Record<string, unknown> }) {
    return this.post("/api/v1/agents", agent);
  }

  heartbeat(agentId: string, body: { status?: string; metrics?: Record<string, number>; metadata?: Record<string, unknown> } = {}) {
    return this.post(`/api/v1/agents/${encodeURIComponent(agentId)}/heartbeats`, body) as Promise<{ accepted: boolean; commands: { id: string; type: string; params: Record<string, unknown> }[] }>;
  }

  ack(commandId: string, status: "succeeded" | "failed", message?: string) {
    return this.post(`/api/v1/commands/${encodeURIComponent(commandId)}/ack`, { status, message });
  }

  metrics(metrics: { agentId: string; name: string; value: number; unit?: string; timestamp?: string }[]) {
    return this.post("/api/v1/metrics", { metrics });
  }

  events(events: { id?: string; type: string; message: string; severity: string; agentId?: string; timestamp?: string }[]) {
    return this.post("/api/v1/events", { events });
  }
}

/** Unique, slug-safe agent id per test run. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

interface ConsoleGuard {
  /** Messages matching these are expected in this test (e.g. the 404 of a not-found page). */
  allow: (re: RegExp) => void;
  errors: string[];
}

export const test = base.extend<{ api: VigilApi; consoleGuard: ConsoleGuard }>({
  api: async ({ playwright, baseURL }, use) => {
    const ctx = await playwright.request.newContext({ baseURL });
    await use(new VigilApi(ctx));
    await ctx.dispose();
  },
  // Every test fails on any browser console error or uncaught page error.
  consoleGuard: [
    async ({ page }, use, testInfo) => {
      const allowed: RegExp[] = [];
      const errors: string[] = [];
      const record = (text: string) => {
        if (!allowed.some((re) => re.test(text))) errors.push(text);
      };
      page.on("console", (msg) => {
        if (msg.type() === "error") record(`console.error: ${msg.text()} ${msg.location().url ?? ""}`);
      });
      page.on("pageerror", (err) => record(`pageerror: ${err.message}`));
      await use({ allow: (re) => allowed.push(re), errors });
      if (testInfo.status === testInfo.expectedStatus) {
        expect(errors, "browser console errors").toEqual([]);
      } else if (errors.length) {
        await testInfo.attach("console-errors", { body: errors.join("\n"), contentType: "text/plain" });
      }
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until the live update stream is connected. */
export async function waitForLive(page: Page) {
  await expect(page.getByTestId("live-indicator").filter({ visible: true }).first()).toHaveAttribute("data-state", "live", { timeout: 15_000 });
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: opts.fullPage ?? true });
  await test.info().attach(name, { path, contentType: "image/png" });
  return path;
}

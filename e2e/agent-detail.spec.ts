import { expect, screenshot, test, uniqueId } from "./fixtures";

test("agent detail shows the health breakdown, metric charts, heartbeats, events and state history", async ({ page, api }) => {
  test.setTimeout(120_000);
  const id = uniqueId("e2e-detail");
  await api.registerAgent({ id, name: "E2E detail agent", capabilities: ["ingest", "transform"], version: "1.4.2", heartbeatIntervalSeconds: 30, graceSeconds: 30 });
  // Twenty minutes of response times and CPU, one sample a minute, plus heartbeats with metrics.
  const now = Date.now();
  const points = Array.from({ length: 20 }, (_, i) => now - (19 - i) * 60_000);
  await api.metrics([
    ...points.map((t, i) => ({ agentId: id, name: "response_time", value: 180 + 40 * Math.sin(i / 3) + i * 3, unit: "ms", timestamp: new Date(t).toISOString() })),
    ...points.map((t, i) => ({ agentId: id, name: "cpu_usage", value: 35 + (i % 5) * 4, unit: "%", timestamp: new Date(t).toISOString() })),
  ]);
  await api.heartbeat(id, { status: "ok", metrics: { memory_usage: 41.5 } });
  await api.events([
    { type: "job.completed", message: "Nightly import finished: 12,400 rows", severity: "info", agentId: id },
    { type: "job.retry", message: "Upstream timed out, retrying", severity: "warning", agentId: id },
  ]);

  await page.goto(`/agents/${id}`);
  await expect(page.getByRole("heading", { name: "E2E detail agent" })).toBeVisible();
  await expect(page.getByTestId("agent-header").getByTestId("state-badge")).toHaveAttribute("data-state", "active");

  // Metric charts with data, drawn in color (Tremor's runtime color classes exist).
  const chart = page.locator('[data-testid="metric-chart"][data-metric="response_time"]');
  await expect(chart).toBeVisible();
  await expect(chart).toContainText("samples");
  const curve = chart.locator("path.recharts-area-curve").first();
  await expect(curve).toBeVisible();
  const stroke = await curve.evaluate((el) => getComputedStyle(el).stroke);
  expect(stroke, "chart line must be colored").not.toMatch(/^(none|)$/);
  expect(stroke).not.toBe("rgb(0, 0, 0)");
  await expect(page.locator('[data-testid="metric-chart"][data-metric="cpu_usage"]')).toBeVisible();
  await expect(page.locator('[data-testid="metric-chart"][data-metric="memory_usage"]')).toBeVisible();

  // Range switch.
  await page.getByRole("group", { name: "Metric range" }).getByRole("button", { name: "6h" }).click();
  await expect(page.getByRole("group", { name: "Metric range" }).getByRole("button", { name: "6h" })).toHaveAttribute("aria-pressed", "true");
  await expect(chart).toBeVisible();

  // Heartbeats, events and state history.
  await expect(page.getByTestId("heartbeat-row")).toHaveCount(1);
  await expect(page.getByTestId("agent-events")).toContainText("Nightly import finished");
  await expect(page.getByTestId("agent-events")).toContainText("Upstream timed out");
  await expect(page.getByTestId("state-history").locator('[data-testid="state-badge"][data-state="active"]')).toBeVisible();

  // The health breakdown appears once the worker's health agent has scored the agent
  // (it re-renders live; no reload needed).
  const factors = page.getByTestId("health-factor");
  await expect(factors).toHaveCount(5, { timeout: 75_000 });
  await expect(page.getByTestId("health-breakdown")).toContainText("Heartbeat consistency");
  await expect(page.getByTestId("health-breakdown")).toContainText(/weight 30%/);
  await expect(page.getByTestId("agent-health-score")).toHaveText(/^\d{1,3}$/);

  await screenshot(page, "agent-detail-desktop");
});

test("built-in agent detail shows its cycles", async ({ page }) => {
  await page.goto("/agents/agent_coordinator");
  await expect(page.getByRole("heading", { name: "Agent coordinator" })).toBeVisible();
  await expect(page.getByTestId("cycles")).toBeVisible();
  await expect(page.getByTestId("cycles-table").locator("tbody tr").first()).toBeVisible({ timeout: 45_000 });
  await screenshot(page, "agent-detail-builtin");
});

test("unknown agent gives a 404 page", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/status of 404/);
  const res = await page.goto("/agents/no-such-agent-here");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("agent-not-found")).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to agents" })).toBeVisible();
});

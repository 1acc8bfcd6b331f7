import { expect, screenshot, test, uniqueId, waitForLive } from "./fixtures";

test("an agent that stops heartbeating becomes an incident with its recovery timeline, live", async ({ page, api }) => {
  test.setTimeout(120_000);
  const id = uniqueId("e2e-heal");
  await api.registerAgent({ id, name: "E2E self-healing agent", heartbeatIntervalSeconds: 2, graceSeconds: 2 });
  // A healthy agent first.
  for (let i = 0; i < 3; i++) {
    await api.heartbeat(id, { status: "ok" });
    await page.waitForTimeout(500);
  }

  await page.goto("/incidents?status=all");
  await waitForLive(page);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // The agent goes silent: the incident appears on the open page without a reload.
  const row = page.locator(`[data-testid="incident-row"]`).filter({ hasText: id });
  await expect(row).toBeVisible({ timeout: 45_000 });
  await expect(row).toContainText("Agent failure");
  await screenshot(page, "incidents-list");

  await row.getByRole("link", { name: /Agent failure/ }).click();
  await expect(page.getByTestId("incident-header")).toContainText(id);
  const timeline = page.getByTestId("incident-timeline");
  await expect(timeline.locator('[data-kind="detected"]')).toBeVisible();
  await expect(timeline.locator('[data-kind="planned"]')).toContainText(/success probability \d+ %/);
  await expect(timeline.locator('[data-kind="executing"]')).toBeVisible({ timeout: 20_000 });
  await waitForLive(page);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  // It comes back: the restart command is in its heartbeat response; it acknowledges it.
  let commands: { id: string; type: string }[] = [];
  for (let i = 0; i < 10 && !commands.length; i++) {
    commands = (await api.heartbeat(id, { status: "ok" })).commands;
    if (!commands.length) await page.waitForTimeout(500);
  }
  expect(commands.map((c) => c.type)).toEqual(["restart"]);
  await api.ack(commands[0]!.id, "succeeded", "restarted by the e2e test");
  const keepAlive = setInterval(() => void api.heartbeat(id, { status: "ok" }).catch(() => {}), 1_000);
  try {
    await expect(timeline.locator('[data-kind="command_acked"]')).toContainText("restarted by the e2e test", { timeout: 20_000 });
    await expect(timeline.locator('[data-kind="resolved"]')).toBeVisible({ timeout: 30_000 });
  } finally {
    clearInterval(keepAlive);
  }
  await expect(page.getByTestId("incident-header").getByTestId("incident-status")).toHaveAttribute("data-status", "resolved");
  await expect(page.getByTestId("business-formula")).toContainText("value preserved");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await screenshot(page, "incident-detail");

  // The agent page lists it, with the command it received.
  await page.goto(`/agents/${id}`);
  await expect(page.getByTestId("agent-incidents").getByTestId("incident-row")).toHaveCount(1);
  await expect(page.getByTestId("agent-commands")).toContainText("restart");
});

test("operators pause, resume and restart an agent from its page", async ({ page, api }) => {
  test.setTimeout(90_000);
  const id = uniqueId("e2e-ops");
  await api.registerAgent({ id, name: "E2E operated agent", heartbeatIntervalSeconds: 30 });
  await api.heartbeat(id, { status: "ok" });
  await page.goto(`/agents/${id}`);
  const header = page.getByTestId("agent-header");
  await expect(header.getByTestId("state-badge")).toHaveAttribute("data-state", "active");
  await waitForLive(page);

  await page.getByTestId("agent-actions").getByRole("button", { name: "Pause" }).click();
  await expect(header.getByTestId("state-badge")).toHaveAttribute("data-state", "paused");
  await expect(page.getByTestId("agent-actions").getByRole("button", { name: "Restart" })).toBeDisabled();
  await page.getByTestId("agent-actions").getByRole("button", { name: "Resume" }).click();
  await expect(header.getByTestId("state-badge")).toHaveAttribute("data-state", "active");

  await page.getByTestId("agent-actions").getByRole("button", { name: "Restart" }).click();
  await expect(page.getByTestId("agent-actions").getByRole("link", { name: /Recovery #\d+ started/ })).toBeVisible();
  await expect(page.getByTestId("agent-incidents").getByTestId("incident-row")).toContainText("Manual recovery");
  await expect(page.getByTestId("agent-commands")).toContainText("restart", { timeout: 20_000 });
  await screenshot(page, "agent-recovery");
});

test("the Performance page shows anomalies in context, costs and the executive report", async ({ page, api }) => {
  test.setTimeout(90_000);
  const id = uniqueId("e2e-perf");
  await api.registerAgent({ id, name: "E2E perf agent" });
  const now = Date.now();
  await api.metrics(Array.from({ length: 20 }, (_, i) => ({ agentId: id, name: "queue_depth", value: 100 + (i % 3), timestamp: new Date(now - (20 - i) * 3_000).toISOString() })));
  await api.heartbeat(id, { metrics: { cpu_usage: 12, memory_usage: 20 } });
  await page.goto("/performance");
  await waitForLive(page);
  await api.metrics([{ agentId: id, name: "queue_depth", value: 900 }]);
  const row = page.getByTestId("anomaly-row").filter({ hasText: id });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.click();
  await expect(page.getByTestId("anomaly-chart")).toContainText(id);
  await expect(page.getByTestId("performance-score")).toHaveText(/^\d{1,3}$/);
  await expect(page.getByTestId("cost-efficiency")).toHaveText(/excellent|good|fair|poor/);
  await expect(page.getByTestId("cost-table")).toContainText("E2E perf agent");
  const download = page.waitForEvent("download");
  await page.getByTestId("download-markdown").click();
  expect((await download).suggestedFilename()).toMatch(/^vigil-report-\d{4}-\d{2}-\d{2}\.md$/);
  await expect(page.getByTestId("db-recommendations")).toBeVisible({ timeout: 30_000 });
  await screenshot(page, "performance");
});

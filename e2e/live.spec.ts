import { expect, test, uniqueId, waitForLive } from "./fixtures";

test("a heartbeat and an event sent through the API appear without reload", async ({ page, api }) => {
  const id = uniqueId("e2e-live");
  await api.registerAgent({ id, name: "E2E live agent", heartbeatIntervalSeconds: 60 });

  await page.goto(`/agents/${id}`);
  const header = page.getByTestId("agent-header");
  await expect(header.getByTestId("state-badge")).toHaveAttribute("data-state", "registered");
  await expect(page.getByTestId("agent-last-heartbeat")).toHaveText("never");
  await expect(page.getByTestId("agent-events")).toContainText("No events yet");
  await waitForLive(page);

  // Mark the document: if the page reloaded, the marker would be gone.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const sentAt = Date.now();
  await api.heartbeat(id, { status: "ok", metrics: { queue_depth: 7 } });
  await expect(header.getByTestId("state-badge")).toHaveAttribute("data-state", "active", { timeout: 3_000 });
  await expect(page.getByTestId("agent-last-heartbeat")).toHaveText(/just now|\d+ s ago/, { timeout: 3_000 });
  await expect(page.getByTestId("heartbeat-row")).toHaveCount(1, { timeout: 3_000 });
  const heartbeatLatency = Date.now() - sentAt;

  await api.events([{ type: "deploy.finished", message: "Deployed build 4711 to production", severity: "info", agentId: id }]);
  await expect(page.getByTestId("agent-events")).toContainText("Deployed build 4711", { timeout: 3_000 });

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  test.info().annotations.push({ type: "heartbeat-to-screen", description: `${heartbeatLatency} ms` });
});

test("the agents table updates live when an agent heartbeats", async ({ page, api }) => {
  const id = uniqueId("e2e-live-table");
  await api.registerAgent({ id, name: "E2E live table agent", heartbeatIntervalSeconds: 60 });
  await page.goto(`/agents?q=${id}`);
  const row = page.locator(`[data-testid="agent-row"][data-agent-id="${id}"]`);
  await expect(row.getByTestId("state-badge")).toHaveAttribute("data-state", "registered");
  await waitForLive(page);
  await api.heartbeat(id, {});
  await expect(row.getByTestId("state-badge")).toHaveAttribute("data-state", "active", { timeout: 3_000 });
  await expect(row.getByTestId("last-heartbeat")).toContainText(/just now|s ago/, { timeout: 3_000 });
});

import { BUILTIN_AGENT_IDS, expect, screenshot, test, uniqueId } from "./fixtures";

test("agents table lists every agent, sorts, and filters by text, kind and state", async ({ page, api }) => {
  const ext = uniqueId("e2e-table");
  await api.registerAgent({ id: ext, name: "E2E table agent", capabilities: ["etl", "reports"], heartbeatIntervalSeconds: 60 });
  await api.heartbeat(ext, { status: "ok" });

  await page.goto("/agents");
  const rows = page.getByTestId("agent-row");
  for (const id of [...BUILTIN_AGENT_IDS, ext]) await expect(page.locator(`[data-testid="agent-row"][data-agent-id="${id}"]`)).toBeVisible();
  const before = await rows.count();
  expect(before).toBeGreaterThanOrEqual(8);

  // The external agent is active (it just heartbeated) and shows its capabilities.
  const extRow = page.locator(`[data-testid="agent-row"][data-agent-id="${ext}"]`);
  await expect(extRow.getByTestId("state-badge")).toHaveAttribute("data-state", "active");
  await expect(extRow).toContainText("etl");
  await expect(extRow.getByTestId("last-heartbeat")).toContainText(/just now|s ago/);

  // Text search.
  await page.getByTestId("agent-search").fill("e2e-table");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-agent-id", ext);
  await page.getByTestId("agent-search").fill("no-such-agent-xyz");
  await expect(page.getByTestId("empty-state")).toContainText("No agents match");
  await page.getByTestId("agent-search").fill("");

  // Kind filter (kept in the URL).
  await page.getByTestId("kind-filter").selectOption("builtin");
  await expect(page).toHaveURL(/kind=builtin/);
  await expect(rows).toHaveCount(BUILTIN_AGENT_IDS.length);
  await page.getByTestId("kind-filter").selectOption("");

  // State filter: only active agents, and our external agent is among them.
  await page.getByTestId("state-filter").selectOption("active");
  await expect(extRow).toBeVisible();
  for (const badge of await page.getByTestId("state-badge").all()) await expect(badge).toHaveAttribute("data-state", "active");
  await page.getByTestId("state-filter").selectOption("");
  await expect(rows).toHaveCount(before);

  // Sorting by name, both directions.
  await page.getByTestId("sort-name").click(); // already ascending by name → now descending
  const desc = await rows.evaluateAll((els) => els.map((e) => e.querySelector("a")?.textContent ?? ""));
  expect(desc).toEqual([...desc].sort((a, b) => b.localeCompare(a)));
  await page.getByTestId("sort-name").click();
  const asc = await rows.evaluateAll((els) => els.map((e) => e.querySelector("a")?.textContent ?? ""));
  expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b)));

  await screenshot(page, "agents-desktop");
});

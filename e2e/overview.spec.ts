import { BUILTIN_AGENT_IDS, expect, screenshot, test, waitForLive } from "./fixtures";

test("overview shows system health, the 7 built-in agents on the roster and charts", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // System health: a number 0–100 with a status and an explanation.
  const score = page.getByTestId("system-health-score");
  await expect(score).toHaveText(/^\d{1,3}$/);
  const value = Number(await score.textContent());
  expect(value).toBeGreaterThanOrEqual(0);
  expect(value).toBeLessThanOrEqual(100);
  await expect(page.getByTestId("system-health-explanation")).not.toBeEmpty();

  // Roster: the 7 built-in agents are expected and registered.
  await expect(page.getByTestId("roster-expected")).toHaveText("7");
  // Every expected agent is either active or listed as not active, with a reason.
  const active = Number(await page.getByTestId("roster-active").textContent());
  const missing = page.getByTestId("roster-missing").locator("li");
  await expect(missing).toHaveCount(7 - active);
  for (const li of await missing.all()) await expect(li.locator("p")).not.toBeEmpty();

  // Agents by state adds up to at least the 7 built-ins.
  const counts = await page.locator('[data-testid^="state-count-"]').allTextContents();
  const total = counts.map((t) => Number(t.replace(/\D+/g, "") || 0)).reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThanOrEqual(BUILTIN_AGENT_IDS.length);

  await expect(page.getByTestId("heartbeat-rate")).toBeVisible();
  await expect(page.getByTestId("health-history")).toBeVisible();
  await expect(page.getByTestId("recent-events")).toBeVisible();
  await waitForLive(page);
  await screenshot(page, "overview-desktop");
});

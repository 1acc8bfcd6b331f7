import { expect, screenshot, test, uniqueId } from "./fixtures";

test("events page filters by severity and text", async ({ page, api }) => {
  const id = uniqueId("e2e-events");
  await api.registerAgent({ id, name: "E2E events agent" });
  const tag = id.split("-").slice(-2).join("");
  await api.events([
    { type: "e2e.info", message: `routine ${tag} message`, severity: "info", agentId: id },
    { type: "e2e.error", message: `broken ${tag} pipeline`, severity: "error", agentId: id },
  ]);

  await page.goto("/events");
  await page.getByRole("searchbox", { name: "Search events" }).fill(tag);
  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(2);
  await page.getByRole("combobox", { name: "Minimum severity" }).selectOption("error");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`broken ${tag} pipeline`);
  await expect(rows.first()).toContainText("E2E events agent");
  await page.getByRole("searchbox", { name: "Search events" }).fill(`${tag}-nothing`);
  await expect(page.getByTestId("empty-state")).toContainText("No events match");
  await page.getByRole("searchbox", { name: "Search events" }).fill("");
  await screenshot(page, "events-desktop");
});

import { expect, screenshot, signInThroughForm, test, uniqueId, VIEWER_PASSWORD } from "./fixtures";

test("admin creates a viewer; the viewer sees no mutating controls and is refused when forcing a mutation", async ({ page, browser, api, baseURL }) => {
  const agentId = uniqueId("e2e-roles");
  await api.registerAgent({ id: agentId, name: "E2E roles agent" });
  await api.heartbeat(agentId);

  // Admin (the default signed-in user): Users page → add a viewer.
  const email = `${uniqueId("viewer")}@vigil.test`;
  const password = VIEWER_PASSWORD;
  await page.goto("/users");
  const form = page.getByTestId("create-user-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill(password);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator(`[data-testid="user-row"][data-email="${email}"]`)).toBeVisible();
  await screenshot(page, "users-admin");

  // Admin can pause and resume the agent.
  await page.goto(`/agents/${agentId}`);
  const badge = page.getByTestId("agent-header").getByTestId("state-badge");
  await page.getByTestId("agent-actions").getByRole("button", { name: "Pause" }).click();
  await expect(badge).toHaveAttribute("data-state", "paused");
  await page.getByTestId("agent-actions").getByRole("button", { name: "Resume" }).click();
  await expect(badge).toHaveAttribute("data-state", "active");

  // The viewer, in a browser of their own.
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL });
  const viewer = await ctx.newPage();
  const consoleErrors: string[] = [];
  viewer.on("console", (m) => m.type() === "error" && !/status of 403/.test(m.text()) && consoleErrors.push(m.text()));
  await signInThroughForm(viewer, email, password);
  await expect(viewer.getByTestId("user-role").filter({ visible: true })).toHaveText("viewer");
  const nav = viewer.getByRole("navigation", { name: "Main" }).filter({ visible: true });
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  await viewer.goto(`/agents/${agentId}`);
  await expect(viewer.getByRole("heading", { name: "E2E roles agent" })).toBeVisible();
  await expect(viewer.getByTestId("agent-actions")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Pause" })).toHaveCount(0);

  await viewer.goto("/settings");
  await expect(viewer.getByTestId("api-key-row").first()).toBeVisible();
  await expect(viewer.getByTestId("create-key-form")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  await expect(viewer.getByLabel("Rate limit per minute")).toHaveCount(0);
  await screenshot(viewer, "settings-as-viewer");

  await viewer.goto("/users");
  await expect(viewer.getByTestId("admin-only")).toBeVisible();

  // Forcing it: the server refuses, whatever the UI shows.
  const forced = await viewer.evaluate(async (id) => {
    const call = async (path: string, input: unknown) => {
      const r = await fetch(`/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      return { status: r.status, code: (await r.json()).error?.data?.code };
    };
    return [await call("apiKeys.create", { name: "sneaky", scopes: ["admin"] }), await call("agentControl.pause", { id }), await call("users.setRole", { id: "x", role: "admin" })];
  }, agentId);
  expect(forced).toEqual([
    { status: 403, code: "FORBIDDEN" },
    { status: 403, code: "FORBIDDEN" },
    { status: 403, code: "FORBIDDEN" },
  ]);
  expect(consoleErrors).toEqual([]);
  await ctx.close();
});

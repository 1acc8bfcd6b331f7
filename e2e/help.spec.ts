import type { Browser, Page } from "@playwright/test";
import { expect, screenshot, signInThroughForm, test, uniqueId, VIEWER_PASSWORD } from "./fixtures";

/** As the signed-in admin: adds a user with the role through the Users page; returns its email. */
async function addUser(page: Page, role: "viewer" | "operator"): Promise<string> {
  const email = `${uniqueId(role)}@vigil.test`;
  await page.goto("/users");
  const form = page.getByTestId("create-user-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill(VIEWER_PASSWORD);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator(`[data-testid="user-row"][data-email="${email}"]`)).toBeVisible();
  return email;
}

async function signedInPage(browser: Browser, baseURL: string | undefined, email: string) {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await signInThroughForm(page, email, VIEWER_PASSWORD);
  return { ctx, page, errors };
}

async function ask(page: Page, question: string) {
  const box = page.getByLabel("Ask Vigil");
  await box.fill(question);
  await box.press("Enter");
}

test("ask about an agent: live steps, an answer linking to the agent, kept after reload with its feedback, private to its owner", async ({ page, api, browser, baseURL }) => {
  const agentId = uniqueId("e2e-help");
  await api.registerAgent({ id: agentId, name: "E2E help agent", capabilities: ["billing"] });
  await api.heartbeat(agentId, { status: "healthy", metrics: { cpu_percent: 12 } });

  // Help is in the main navigation; a new conversation starts empty with suggested questions.
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).filter({ visible: true }).getByRole("link", { name: "Help" }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByTestId("help-empty")).toBeVisible();
  await expect(page.getByTestId("help-empty").getByRole("button", { name: "Why is the health score what it is?" })).toBeVisible();

  const question = `What is the status of agent ${agentId}?`;
  await ask(page, question);
  await expect(page.getByTestId("help-question").filter({ hasText: question })).toBeVisible();

  // The steps of this answer: tool calls, each finished with its duration and a summary.
  const answer = page.getByTestId("help-answer");
  await expect(answer).toBeVisible({ timeout: 20_000 });
  const tools = page.getByTestId("help-step").and(page.locator('[data-kind="tool"]'));
  expect(await tools.count()).toBeGreaterThan(0);
  await expect(tools.and(page.locator('[data-status="running"]'))).toHaveCount(0);
  await expect(tools.first().getByTestId("help-step-duration")).toHaveText(/\d+(\.\d+)? m?s/);
  await expect(answer.getByTestId("help-grade")).toHaveText(/Grade [A-F]/);
  await expect(answer.getByTestId("help-confidence")).toHaveText(/Confidence \d+%/);
  await expect(answer).toContainText(agentId);

  // The new conversation now has its own address, and shows in the list.
  await expect(page).toHaveURL(/\/help\/[^/]+$/);
  const conversationUrl = page.url();
  await expect(page.getByTestId("help-conversation-item").first()).toBeVisible();
  await expect(page.getByLabel("Ask Vigil")).toBeEnabled();
  await screenshot(page, "help-answer");

  // Thumbs up is stored.
  await answer.getByRole("button", { name: "Helpful", exact: true }).click();
  await expect(answer.getByRole("button", { name: "Helpful", exact: true })).toHaveAttribute("aria-pressed", "true");

  // The answer links into the dashboard: to the agent's page.
  const agentLink = answer.locator(`a[href="/agents/${agentId}"]`).first();
  await expect(agentLink).toBeVisible();
  await agentLink.click();
  await expect(page).toHaveURL(new RegExp(`/agents/${agentId}$`));
  await expect(page.getByRole("heading", { name: "E2E help agent" })).toBeVisible();

  // Back on the conversation's URL after a full load: the messages and the feedback are still there.
  await page.goto(conversationUrl);
  await expect(page.getByTestId("help-question").filter({ hasText: question })).toBeVisible();
  const stored = page.getByTestId("help-answer");
  await expect(stored).toContainText(agentId);
  await expect(stored.getByRole("button", { name: "Helpful", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(stored.getByRole("button", { name: "Not helpful" })).toHaveAttribute("aria-pressed", "false");

  // A follow-up continues the same conversation.
  await ask(page, "And how is the overall system health?");
  await expect(page.getByTestId("help-answer")).toHaveCount(2, { timeout: 20_000 });
  await expect(page).toHaveURL(conversationUrl);

  // The list switches between conversations.
  await page.getByRole("link", { name: "+ New conversation" }).click();
  await expect(page.getByTestId("help-empty")).toBeVisible();
  await page.getByTestId("help-empty").getByRole("button", { name: "Why is the health score what it is?" }).click();
  await expect(page.getByTestId("help-answer")).toBeVisible({ timeout: 20_000 });
  await expect(page).not.toHaveURL(conversationUrl);
  const list = page.getByTestId("help-conversation-item");
  await expect(list.filter({ hasText: "Why is the health score" }).first()).toBeVisible();
  await list.filter({ hasText: question }).getByRole("link").click();
  await expect(page).toHaveURL(conversationUrl);
  await expect(page.getByTestId("help-answer")).toHaveCount(2);
  await expect(page.getByTestId("help-question").filter({ hasText: question })).toBeVisible();

  // Another user cannot open it by URL.
  const email = await addUser(page, "viewer");
  const other = await signedInPage(browser, baseURL, email);
  await other.page.goto(conversationUrl);
  await expect(other.page.getByTestId("help-not-found")).toContainText("Conversation not found");
  await expect(other.page.getByText(question)).toHaveCount(0);
  await expect(other.page.getByTestId("help-answer")).toHaveCount(0);
  await expect(other.page.getByTestId("help-conversations").getByTestId("empty-state")).toBeVisible();
  await screenshot(other.page, "help-not-found-other-user");
  // A viewer reads the knowledge base but cannot change it.
  await other.page.goto("/help/knowledge");
  await expect(other.page.getByTestId("knowledge-builtin").getByTestId("knowledge-row").first()).toBeVisible();
  await expect(other.page.getByRole("button", { name: "+ Add document" })).toHaveCount(0);
  expect(other.errors).toEqual([]);
  await other.ctx.close();
});

test("an operator adds a knowledge document and an answer cites it; the chat works at phone width", async ({ page, browser, baseURL }) => {
  const email = await addUser(page, "operator");
  const op = await signedInPage(browser, baseURL, email);
  const p = op.page;

  const term = `quokka${Date.now().toString(36)}`;
  const title = `Rotating the ${term} credentials`;
  await p.goto("/help/knowledge");
  await expect(p.getByTestId("knowledge-builtin").getByTestId("knowledge-row").first()).toBeVisible();
  await p.getByRole("button", { name: "+ Add document" }).click();
  const form = p.getByTestId("add-document-form");
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Text").fill(`When the ${term} credentials expire, agents fail with 401 errors.\n\n- Rotate the ${term} key in the vault\n- Restart the affected agents from their page`);
  await form.getByRole("button", { name: "Add document" }).click();
  const doc = p.getByTestId("knowledge-document");
  await expect(doc).toContainText(title);
  // Edited in place.
  await doc.getByRole("button", { name: "Edit" }).click();
  const edit = p.getByTestId("edit-document-form");
  await edit.getByLabel("Text").fill(`When the ${term} credentials expire, agents fail with 401 errors.\n\n- Rotate the ${term} key in the vault\n- Restart the affected agents from their page\n- Ask on-call to confirm`);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(doc).toContainText("Ask on-call to confirm");
  await expect(edit).toHaveCount(0);
  await screenshot(p, "help-knowledge-document");
  await p.goto("/help/knowledge");
  await expect(p.getByTestId("knowledge-operator").getByRole("link", { name: title })).toBeVisible();
  await screenshot(p, "help-knowledge");

  // Phone width: the conversation list folds away and the chat keeps the screen.
  await p.setViewportSize({ width: 390, height: 844 });
  await p.goto("/help");
  await expect(p.getByRole("navigation", { name: "Conversations" })).toBeHidden();
  await ask(p, `How do I rotate the ${term} credentials?`);
  const answer = p.getByTestId("help-answer");
  await expect(answer).toBeVisible({ timeout: 20_000 });
  const source = answer.getByTestId("help-source").filter({ hasText: title });
  await expect(source).toBeVisible();
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(p.getByLabel("Ask Vigil")).toBeInViewport(); // the composer stays on screen
  await screenshot(p, "help-chat-phone", { fullPage: false }); // the sticky composer as a phone shows it

  // The cited document opens from the answer.
  await source.getByRole("link", { name: title }).click();
  await expect(p.getByTestId("knowledge-document")).toContainText(`Rotate the ${term} key`);

  // Deleting the conversation (from the folded list on the phone) leaves a fresh, empty chat.
  await p.goBack();
  await expect(p.getByTestId("help-answer")).toBeVisible();
  await p.getByRole("button", { name: /^Conversations/ }).click();
  await p.getByRole("button", { name: /^Delete conversation/ }).click();
  await p.getByTestId("delete-conversation-dialog").getByRole("button", { name: "Delete" }).click();
  await expect(p).toHaveURL(/\/help$/);
  await expect(p.getByTestId("help-empty")).toBeVisible();
  await expect(p.getByTestId("help-conversation-item")).toHaveCount(0);
  expect(op.errors).toEqual([]);
  await op.ctx.close();
});

test("a failed question shows the error and Retry asks it again", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/Failed to load resource|ERR_FAILED/);
  const chat = /\/api\/help\/chat$/;
  await page.route(chat, (route) => route.abort("failed"));
  await page.goto("/help");
  await ask(page, "How many agents are active right now?");
  const error = page.getByTestId("help-error");
  await expect(error).toContainText("could not be reached");
  await expect(page.getByLabel("Ask Vigil")).toBeEnabled();
  await page.unroute(chat);
  await error.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("help-answer")).toBeVisible({ timeout: 20_000 });
  await expect(error).toBeHidden();
  await expect(page.getByTestId("help-question")).toHaveCount(1);
});

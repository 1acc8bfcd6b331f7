import { Client } from "langsmith/client";
import { traceable } from "langsmith/traceable";
import { API_KEY, expect, screenshot, test, uniqueId } from "./fixtures";

test("runs sent by the langsmith client appear on the Runs page and the trace view shows the tree", async ({ page, baseURL }) => {
  process.env.LANGSMITH_TRACING = "true";
  const project = uniqueId("e2e-ls");
  const client = new Client({ apiUrl: `${baseURL}/api/langsmith`, apiKey: API_KEY });
  const llm = traceable(
    async (q: string) => ({ content: `Answer: ${q}`, usage_metadata: { input_tokens: 2000, output_tokens: 400, total_tokens: 2400, input_token_details: { cache_read: 1000 } } }),
    { name: "summarise", run_type: "llm", client, project_name: project, metadata: { ls_provider: "openai", ls_model_name: "gpt-4o" } },
  );
  const tool = traceable(async () => ({ rows: 3 }), { name: "lookup-invoices", run_type: "tool", client, project_name: project });
  const agent = traceable(
    async (q: string) => {
      await tool();
      return (await llm(q)).content;
    },
    { name: "support-agent", run_type: "chain", client, project_name: project },
  );
  await agent("why was invoice 42 late?");
  await client.awaitPendingTraceBatches();

  await page.goto(`/llm/runs?project=${project}`);
  const rows = page.getByTestId("llm-run-row");
  await expect(rows).toHaveCount(3);
  const llmRow = rows.filter({ hasText: "summarise" });
  await expect(llmRow).toContainText("gpt-4o");
  // 1000 × $2.50 + 1000 cached × $1.25 + 400 × $10, per 1M = $0.00775
  await expect(llmRow.getByTestId("run-cost")).toHaveText("$0.00775");
  await screenshot(page, "llm-runs");

  await rows.filter({ hasText: "support-agent" }).getByRole("link", { name: "support-agent" }).click();
  await expect(page).toHaveURL(/\/llm\/traces\//);
  const nodes = page.getByTestId("trace-node");
  await expect(nodes).toHaveCount(3);
  await expect(page.locator('[data-testid="trace-node"][data-depth="0"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="trace-node"][data-depth="0"] > details').getByTestId("trace-node-name")).toHaveText("support-agent");
  await expect(page.locator('[data-testid="trace-node"][data-depth="1"]').getByTestId("trace-node-name")).toHaveText(["lookup-invoices", "summarise"]);
  await expect(page.getByTestId("trace-cost")).toHaveText("$0.00775");
  await page.getByTestId("trace-node-name").filter({ hasText: "summarise" }).click();
  await expect(page.locator("details[open]").getByText("Answer: why was invoice 42 late?").first()).toBeVisible();
  await screenshot(page, "llm-trace");
});

test("editing a model price in the price table changes the cost of new runs", async ({ page, request }) => {
  const model = uniqueId("e2e-model");
  const send = async (id: string) => {
    const res = await request.post("/api/v1/llm/runs", { data: { runs: [{ id, model, project: model, inputTokens: 1_000_000, outputTokens: 0, latencyMs: 500 }] }, headers: { "x-api-key": API_KEY } });
    expect(res.status()).toBe(202);
  };

  await page.goto("/llm/prices");
  await page.getByRole("button", { name: "Add price" }).click();
  const form = page.getByRole("form", { name: "Create price" });
  await form.getByLabel("Model pattern (regex)").fill(`^${model}$`);
  await form.getByLabel("Input $/1M", { exact: true }).fill("1.5");
  await form.getByLabel("Output $/1M").fill("2");
  await form.getByRole("button", { name: "Create price" }).click();
  const row = page.locator(`[data-testid="price-row"][data-pattern="^${model}$"]`);
  await expect(row.getByTestId("price-input")).toHaveText("$1.5");

  await send(`${model}-before`);
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Save price" });
  await edit.getByLabel("Input $/1M", { exact: true }).fill("4.25");
  await edit.getByRole("button", { name: "Save price" }).click();
  await expect(row.getByTestId("price-input")).toHaveText("$4.25");
  await send(`${model}-after`);

  await page.goto(`/llm/runs?project=${model}`);
  const rows = page.getByTestId("llm-run-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.getByTestId("run-cost")).toHaveText(["$4.25", "$1.50"]);
  await screenshot(page, "llm-price-edit");
});

test("the LLM overview shows spend, charts and recommendations", async ({ page, request }) => {
  const project = uniqueId("e2e-overview");
  const runs = Array.from({ length: 12 }, (_, i) => ({ id: `${project}-${i}`, project, model: i % 2 ? "gpt-4o" : "claude-3-5-sonnet-20241022", inputTokens: i % 2 ? 400 : 8000, outputTokens: 120, latencyMs: 900 + i * 100 }));
  expect((await request.post("/api/v1/llm/runs", { data: { runs }, headers: { "x-api-key": API_KEY } })).status()).toBe(202);
  await page.goto("/llm");
  await expect(page.getByTestId("spend-30d")).toContainText(/\$\d/);
  await expect(page.getByTestId("recommendations")).toContainText("Route gpt-4o");
  await expect(page.getByTestId("recommendations")).toContainText("per 1K conversations");
  await expect(page.getByRole("link", { name: "LLM", exact: true }).first()).toHaveAttribute("aria-current", "page");
  await screenshot(page, "llm-overview");
});

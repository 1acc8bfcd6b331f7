import { existsSync, readFileSync } from "node:fs";
import { SERVER_LOG } from "../playwright.config";
import { ADMIN_PASSWORD, API_KEY, VIEWER_PASSWORD, WRONG_PASSWORD } from "./credentials";

/**
 * After the whole suite: the web server's and worker's output (captured by scripts/e2e-server.ts)
 * must not contain any password or API key secret the suite used — the known ones by value, keys
 * created in the UI by their shape (`vgl_` + 32 characters; logs may show at most a 12-char prefix).
 */
export default function checkServerLog() {
  if (!existsSync(SERVER_LOG)) {
    console.warn(`[e2e] ${SERVER_LOG} not found (server reused?): log secrecy not checked`);
    return;
  }
  const log = readFileSync(SERVER_LOG, "utf8");
  if (!log.includes("Ready")) throw new Error(`${SERVER_LOG} does not look like the server's output: nothing was captured`);
  const leaks = Object.entries({ ADMIN_PASSWORD, API_KEY, VIEWER_PASSWORD, WRONG_PASSWORD }).filter(([, v]) => log.includes(v)).map(([k]) => k);
  const keyLike = log.match(/vgl_[A-Za-z0-9_-]{32}/g) ?? [];
  if (leaks.length || keyLike.length) throw new Error(`secrets in the server log: ${[...leaks, ...keyLike.map((k) => `${k.slice(0, 12)}…`)].join(", ")}`);
  console.log(`[e2e] server log checked: ${log.length} characters, no secrets`);
}

import { ApiError, issue } from "../http/errors";

/**
 * Request bodies of the LLM endpoints: the shared reader of server/http/body.ts with a limit per
 * endpoint (LangSmith batches are up to 20 MB by the limits /info announces, OTLP a few MB).
 */

// The byte reader is shared with every other endpoint (server/http/body.ts); only the limits differ.
export { MB, readBodyBytes } from "../http/body";

export function parseJsonText(buf: Buffer, what = "request body"): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new ApiError(400, `${what} is not valid UTF-8`, [issue("", "invalid UTF-8")]);
  }
  if (text.trim() === "") throw new ApiError(400, `${what} is empty: expected JSON`, [issue("", "empty body")]);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `malformed JSON in ${what}`, [issue("", (err as Error).message)]);
  }
}

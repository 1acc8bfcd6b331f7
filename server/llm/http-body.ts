import { ApiError, issue } from "../http/errors";

/**
 * Request bodies of the LLM endpoints. Same rules as server/http/body.ts (declared and actual
 * size checked, gzip/deflate decoded, limit on the decompressed size so a zip bomb cannot
 * exhaust memory) but with a limit per endpoint: LangSmith batches are up to 20 MB by the
 * limits /info announces, OTLP exports a few MB.
 */

export const MB = 1024 * 1024;

export async function readBodyBytes(req: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = (what: string) =>
    new ApiError(413, `request body ${what}; the limit is ${maxBytes} bytes (${Math.round(maxBytes / MB)} MB) after decompression`, [issue("", `body exceeds ${maxBytes} bytes`)]);
  const declared = req.headers.get("content-length");
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  // A compressed body's declared length is the compressed size: only identity can be rejected up front.
  if (declared !== null && Number(declared) > maxBytes) {
    await req.body?.cancel().catch(() => {});
    throw tooLarge(`is ${declared} bytes`);
  }
  let stream: ReadableStream<Uint8Array> | null = req.body;
  if (stream && encoding !== "identity" && encoding !== "") {
    if (encoding !== "gzip" && encoding !== "deflate" && encoding !== "x-gzip") {
      await stream.cancel().catch(() => {});
      throw new ApiError(415, `unsupported Content-Encoding '${encoding}': send identity, gzip or deflate`, [issue("", `Content-Encoding ${encoding}`)]);
    }
    const format = encoding === "deflate" ? "deflate" : "gzip";
    stream = stream.pipeThrough(new DecompressionStream(format) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (stream) {
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => {});
          throw tooLarge("exceeds the limit");
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError(400, `could not read request body: ${(err as Error).message}`, [issue("", encoding === "identity" ? "unreadable body" : `corrupt ${encoding} data`)]);
    }
  }
  return Buffer.concat(chunks, size);
}

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

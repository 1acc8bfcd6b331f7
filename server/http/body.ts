import { ApiError, issue } from "./errors";

export const MB = 1024 * 1024;

/** Largest accepted request body (after decompression): 1,000 metrics with metadata fit easily. */
export const MAX_BODY_BYTES = MB;

/**
 * Reads and parses a JSON body within MAX_BODY_BYTES (gzip/deflate accepted). Route handlers get
 * their body from the route helper (server/http/route.ts); this is for the few places that read
 * a request outside it (the sign-in handler in front of Better Auth).
 */
export async function readJsonBody(req: Request): Promise<unknown> {
  return parseJson(await readBodyBytes(req, MAX_BODY_BYTES));
}

/** UTF-8 text of a body already read; invalid UTF-8 is the client's 400. */
export function decodeUtf8(bytes: Uint8Array, what = "request body"): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, `${what} is not valid UTF-8`, [issue("", "invalid UTF-8")]);
  }
}

/** JSON of a body already read: empty or malformed is a 400 naming the parser's complaint. */
export function parseJson(bytes: Uint8Array, what = "request body"): unknown {
  const text = decodeUtf8(bytes, what);
  if (text.trim() === "") throw new ApiError(400, `${what} is empty: expected JSON`, [issue("", "empty body")]);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `malformed JSON in ${what}`, [issue("", (err as Error).message)]);
  }
}

/**
 * The raw body with a hard limit on its decompressed size. Content-Length is checked up front
 * (cheap rejection) and the bytes actually read are counted (a client can lie or stream
 * chunked); gzip/deflate are decoded and the limit applies after decompression, so a small zip
 * bomb cannot exhaust memory.
 */
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


import busboy from "busboy";
import { ApiError, issue } from "../http/errors";

/**
 * multipart/form-data → named parts, with busboy (the parser multer and fastify use) rather
 * than a hand-written one, and rather than Request.formData(), which turns every malformed
 * body into one opaque TypeError. Parts without a filename arrive as fields (LangSmith's
 * clients), parts with one as files; both are collected as UTF-8 text.
 */

export interface Part {
  name: string;
  value: string;
  contentType: string;
}

const MAX_PARTS = 20_000;

export function parseMultipart(body: Buffer, contentType: string | null, maxPartBytes: number): Promise<Part[]> {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) {
    throw new ApiError(415, "expected Content-Type multipart/form-data with a boundary", [issue("", `Content-Type ${contentType ?? "(none)"}`)]);
  }
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: { "content-type": contentType }, limits: { fieldSize: maxPartBytes, fileSize: maxPartBytes, fields: MAX_PARTS, files: MAX_PARTS, parts: MAX_PARTS }, defParamCharset: "utf8" });
  } catch (err) {
    throw new ApiError(400, `malformed multipart request: ${(err as Error).message}`, [issue("", "Content-Type must carry a boundary parameter")]);
  }
  return new Promise<Part[]>((resolve, reject) => {
    const parts: Part[] = [];
    const problems: string[] = [];
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated) problems.push(`part '${name}' is larger than ${maxPartBytes} bytes`);
      else parts.push({ name, value, contentType: info.mimeType });
    });
    bb.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => problems.push(`part '${name}' is larger than ${maxPartBytes} bytes`));
      stream.on("end", () => {
        if (!(stream as unknown as { truncated?: boolean }).truncated) parts.push({ name, value: Buffer.concat(chunks).toString("utf8"), contentType: info.mimeType });
      });
    });
    for (const ev of ["partsLimit", "filesLimit", "fieldsLimit"] as const) bb.on(ev, () => problems.push(`more than ${MAX_PARTS} parts in one request`));
    bb.on("error", (err: Error) => reject(new ApiError(400, `malformed multipart body: ${err.message}`, [issue("", err.message)])));
    bb.on("close", () => {
      if (problems.some((p) => p.startsWith("more than"))) return reject(new ApiError(413, `too many parts: at most ${MAX_PARTS} per request, split the batch`, [issue("", problems[0]!)]));
      if (problems.length) return reject(new ApiError(413, "a multipart part is too large", problems.map((p) => issue("", p))));
      if (parts.length === 0) return reject(new ApiError(400, "multipart body has no parts", [issue("", "no parts (wrong boundary?)")]));
      resolve(parts);
    });
    bb.end(body);
  });
}

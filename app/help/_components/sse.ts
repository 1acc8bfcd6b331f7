/**
 * Incremental parser for a `text/event-stream` body. Network chunks can end anywhere (mid-line,
 * between the two newlines of a frame, inside a multi-byte character), so text is buffered until a
 * blank line completes a frame. Pure: no fetch, no DOM, unit-tested in sse.test.ts.
 */
interface SseFrame {
  event: string;
  data: string;
}

export class SseParser {
  private buffer = "";
  /** A chunk ending in "\r" may be half of a "\r\n": held back until the next chunk. */
  private carry = "";
  private readonly decoder = new TextDecoder();

  /** Feeds bytes (or already-decoded text); returns the frames completed by this chunk. */
  push(chunk: Uint8Array | string): SseFrame[] {
    let text = this.carry + (typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true }));
    this.carry = "";
    if (text.endsWith("\r")) {
      this.carry = "\r";
      text = text.slice(0, -1);
    }
    // Normalize CRLF / CR line endings, so the frame split below only looks for "\n\n".
    this.buffer += text.replace(/\r\n?/g, "\n");
    const frames: SseFrame[] = [];
    let end = this.buffer.indexOf("\n\n");
    while (end !== -1) {
      const frame = parseFrame(this.buffer.slice(0, end));
      if (frame) frames.push(frame);
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf("\n\n");
    }
    return frames;
  }

  /** The stream ended: a last frame without its trailing blank line still counts. */
  finish(): SseFrame[] {
    const rest = this.buffer + this.carry + this.decoder.decode();
    this.carry = "";
    this.buffer = "";
    const frame = rest.trim() ? parseFrame(rest.replace(/\r\n?/g, "\n").replace(/\n+$/, "")) : null;
    return frame ? [frame] : [];
  }
}

function parseFrame(text: string): SseFrame | null {
  let event = "message";
  const data: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith(":")) continue; // comments are keep-alives
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: data.join("\n") } : null;
}

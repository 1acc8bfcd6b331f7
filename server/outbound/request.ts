/**
 * Outgoing HTTP requests under the outbound policy (policy.ts). Every sender of operator-set URLs
 * (recovery webhooks, notification channels) goes through outboundRequest().
 *
 * The check is on the address the socket connects to, not on the name in the URL: the request's
 * own DNS lookup is replaced by one that resolves, refuses if any answer is internal and not
 * allow-listed, and hands Node exactly the addresses it checked. A name that resolves to a public
 * address when an operator saves it and to 127.0.0.1 at send time (DNS rebinding) is therefore
 * refused at send time. Redirects are never followed (a 3xx is just the answer), and every
 * request opens its own connection, so no pooled socket skips the check.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { normalizeHost, refusal, type OutboundPolicy } from "./policy";

/** The target is internal and not allow-listed (the message says which address and how to allow it). */
export class OutboundRefusedError extends Error {
  override name = "OutboundRefusedError";
}

export interface OutboundRequest {
  method: "GET" | "POST" | "PUT";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  policy: OutboundPolicy;
  /** The answer's body is read up to this many bytes (the rest is dropped). */
  maxResponseBytes?: number;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

function lookupAll(hostname: string, options: LookupOptions): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** A DNS lookup for http.request that refuses internal answers and returns only what it checked. */
function checkedLookup(policy: OutboundPolicy, host: string): LookupFunction {
  return (hostname, options, callback) => {
    const cb = callback as (err: Error | null, address: string | LookupAddress[], family?: number) => void;
    lookupAll(hostname, options).then(
      (addresses) => {
        const refused = addresses.map((a) => refusal(policy, host, a.address)).find((r) => r !== null);
        if (refused) return cb(new OutboundRefusedError(refused), "");
        if (addresses.length === 0) return cb(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "");
        if (options.all) cb(null, addresses);
        else cb(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: Error) => cb(err, ""),
    );
  };
}

/**
 * Why the URL may not be used as an outgoing target right now, or null when it may: for
 * configuration time, so an operator hears at once that an internal URL needs the allow-list.
 * (The send-time check stays authoritative: DNS can change in between.)
 */
export async function outboundUrlRefusal(url: string, policy: OutboundPolicy): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "not a valid URL";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return "only http and https URLs are allowed";
  const host = normalizeHost(u.hostname);
  if (isIP(host)) return refusal(policy, host, host);
  if (policy.hosts.has(host)) return null;
  try {
    const addresses = await lookupAll(host, {});
    return addresses.map((a) => refusal(policy, host, a.address)).find((r) => r !== null) ?? null;
  } catch (e) {
    return `${host} does not resolve (${(e as NodeJS.ErrnoException).code ?? "DNS error"})`;
  }
}

/** Sends one request to `url` if the policy allows its target; rejects with OutboundRefusedError otherwise. */
export async function outboundRequest(url: string, req: OutboundRequest): Promise<OutboundResponse> {
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new OutboundRefusedError("only http and https URLs are allowed");
  const host = normalizeHost(u.hostname);
  if (isIP(host)) {
    // Node connects to a literal address without any lookup: check it here.
    const refused = refusal(req.policy, host, host);
    if (refused) throw new OutboundRefusedError(refused);
  }
  const max = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const signal = AbortSignal.timeout(req.timeoutMs);
  const transport = u.protocol === "https:" ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const fail = (e: unknown) => reject(signal.aborted ? new Error(`no answer within ${req.timeoutMs} ms`) : e);
    const r = transport.request(u, { method: req.method, headers: req.headers, agent: false, lookup: checkedLookup(req.policy, host), signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let ended = false;
      res.on("data", (c: Buffer) => {
        if (size < max) chunks.push(c);
        size += c.length;
      });
      res.on("end", () => {
        ended = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).subarray(0, max).toString("utf8") });
      });
      res.on("error", fail);
      res.on("close", () => {
        if (!ended) fail(new Error("the connection closed before the answer was complete"));
      });
    });
    r.on("error", fail);
    r.end(req.body);
  });
}

export { VigilClient } from "./client";
export type { Command, CommandHandler, EventInput, MetricInput, VigilClientOptions } from "./client";
export { DiskBuffer } from "./buffer";
export type { BufferedRecord } from "./buffer";
export { backoffMs, parseRetryAfter, Transport, VigilHttpError } from "./transport";

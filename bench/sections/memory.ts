/**
 * Memory: resident set size of the web process tree and the worker process after every
 * other section ran; reference: the same processes' RSS right after they came up.
 */
import { figure, rssMb, type BenchContext, type Figure } from "../lib";

export async function memorySection(ctx: BenchContext): Promise<Figure[]> {
  return [
    figure({ name: "web RSS after the run", value: rssMb(ctx.webPid), unit: "MB", reference: { name: "web RSS at start", value: ctx.startRss.web, unit: "MB" }, target: { op: "<", value: 300 } }),
    figure({ name: "worker RSS after the run", value: rssMb(ctx.workerPid), unit: "MB", reference: { name: "worker RSS at start", value: ctx.startRss.worker, unit: "MB" }, target: { op: "<", value: 200 } }),
  ];
}

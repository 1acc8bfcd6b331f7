/**
 * How the worker process is started (npm run worker, npm start, the bench, tests that measure it).
 * Measured with `npm run bench` (docs/benchmarks.md): an idle worker under plain `tsx` sat at
 * 210–300 MB RSS although its JS heap was ~35 MB once settled. The rest was (1) V8's optimizing
 * tier recompiling Prisma's WASM query compiler (--liftoff-only keeps the baseline compile,
 * ~-70 MB), (2) young-generation semi-spaces sized for throughput (16 MB each by default), and
 * (3) glibc malloc arenas per thread (MALLOC_ARENA_MAX=2). Together: ~135 MB idle.
 * --optimize-for-size makes V8 grow the heap in smaller steps (collect sooner) after bursts of
 * work such as the anomaly monitor catching up. The old-space cap is a backstop well above what a
 * 1,000-agent cycle needs, so a leak fails loudly instead of growing without bound.
 */
export const WORKER_NODE_ARGS = ["--import", "tsx", "--liftoff-only", "--optimize-for-size", "--max-semi-space-size=2", "--max-old-space-size=224"] as const;
export const WORKER_ENV = { MALLOC_ARENA_MAX: "2" } as const;

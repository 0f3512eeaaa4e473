/** `BENCH_PLAN=200x5,1000x1`: provider cells of your own (N x repetitions), e.g. for N=1000. */
function planFromEnv(): { n: number; reps: number }[] | undefined {
  const raw = process.env.BENCH_PLAN;
  if (!raw) return undefined;
  return raw.split(",").map((cell) => {
    const m = /^(\d+)x(\d+)$/.exec(cell.trim());
    if (!m || Number(m[1]) % 10 !== 0)
      throw new Error(`BENCH_PLAN cell ${JSON.stringify(cell)}: expected <N>x<reps>, N a multiple of 10`);
    return { n: Number(m[1]), reps: Number(m[2]) };
  });
}

/** What a bench run measures: the default cells, the quick smoke run's, or BENCH_PLAN's provider cells. */
export function benchPlan(quick: boolean) {
  const base = quick
    ? {
        provider: [{ n: 10, reps: 1 }],
        diagnosticsN: 10,
        backend: { concurrencies: [16, 64], cellSeconds: 1, cellRequests: 300, scale: [500, 1000] },
      }
    : {
        provider: [
          { n: 50, reps: 3 },
          { n: 200, reps: 5 },
        ],
        diagnosticsN: 200,
        backend: { concurrencies: [16, 64], cellSeconds: 5, cellRequests: 2000, scale: [1000, 10000] },
      };
  return { ...base, provider: planFromEnv() ?? base.provider };
}

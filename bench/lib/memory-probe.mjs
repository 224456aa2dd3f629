// Loaded into the app by `npm run soak` only (node --expose-gc --import): on SIGUSR2 it collects
// garbage and writes the process's memory to stderr, so the soak can compare like with like.
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  globalThis.gc?.();
  process.stderr.write(`SOAK_MEMORY ${JSON.stringify(process.memoryUsage())}\n`);
});

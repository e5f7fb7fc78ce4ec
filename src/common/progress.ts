/**
 * How a long run (settlement, reconciliation, ledger check) tells its caller how far it got:
 * `done` units of work out of `total`, reported once with 0 before the work starts and
 * again as it advances. The total stays the same for the whole run. Optional everywhere:
 * the HTTP API passes none; the CLI shows it on stderr (common/cli/progress.ts).
 */
export type Progress = (done: number, total: number) => void;

/** Reports `0 / total` at once and returns a step function that reports one more done per call. */
export function countSteps(progress: Progress | undefined, total: number): () => void {
  let done = 0;
  progress?.(0, total);
  return () => progress?.(++done, total);
}

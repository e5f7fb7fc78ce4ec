/** The one way tests wait: a fixed pause, or polling until something the test can observe holds. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/** Polls `condition` until it holds; false if it still does not after `timeoutMs` (checked once more at the end). */
export async function pollUntil(condition: () => boolean | Promise<boolean>, { timeoutMs = 10_000, intervalMs = 50 }: PollOptions = {}): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(intervalMs);
  }
  return condition();
}

/** Polls until `condition` holds, and fails the test (naming `what`) if it does not within `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, options: PollOptions & { what?: string } = {}): Promise<void> {
  if (!(await pollUntil(condition, options))) throw new Error(`${options.what ?? 'condition'} not met within ${options.timeoutMs ?? 10_000} ms`);
}

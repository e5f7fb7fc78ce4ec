/** One item's answer from a batch: its value, or the error only it failed with. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit (TigerBeetle-style), per process: concurrent submissions under one key are
 * coalesced into batches, committed one batch at a time per key, in arrival order. The
 * first submission of an idle key starts the batching; whatever arrives while a batch
 * commits forms the next one. `commit` answers each item (or throws: every item of the
 * batch fails with that error).
 */
export class GroupCommit<I, R> {
  private readonly queues = new Map<string, Waiting<I, R>[]>();

  constructor(
    private readonly maxBatch: number,
    private readonly commit: (items: I[]) => Promise<ItemOutcome<R>[]>,
  ) {}

  submit(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.queues.set(key, [{ item, resolve, reject }]);
      void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    // One turn of the event loop: requests that arrived together share the first batch.
    await new Promise(setImmediate);
    const queue = this.queues.get(key)!;
    while (queue.length) {
      const batch = queue.splice(0, this.maxBatch);
      let outcomes: ItemOutcome<R>[];
      try {
        outcomes = await this.commit(batch.map((waiting) => waiting.item));
      } catch (error) {
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      batch.forEach((waiting, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) waiting.resolve(outcome.value);
        else waiting.reject(outcome.error);
      });
    }
    this.queues.delete(key);
  }
}

import { GroupCommit, ItemOutcome } from './group-commit';

describe('group commit', () => {
  /** Records each batch; item n fails when n is negative. */
  function recorder(maxBatch = 200) {
    const batches: number[][] = [];
    let release: (() => void) | undefined;
    const group = new GroupCommit<number, string>(maxBatch, async (items) => {
      batches.push(items);
      if (release === undefined) await new Promise<void>((resolve) => (release = resolve));
      return items.map((n): ItemOutcome<string> => (n < 0 ? { ok: false, error: new Error(`item ${n}`) } : { ok: true, value: `done ${n}` }));
    });
    return { group, batches, releaseFirst: () => release?.() };
  }

  it('coalesces concurrent submissions of one key into one batch, in arrival order, each with its own answer', async () => {
    const { group, batches, releaseFirst } = recorder();
    const answers = [1, -2, 3].map((n) => group.submit('wallet', n).catch((error: Error) => error.message));
    await new Promise(setImmediate);
    releaseFirst();
    expect(await Promise.all(answers)).toEqual(['done 1', 'item -2', 'done 3']);
    expect(batches).toEqual([[1, -2, 3]]);
  });

  it('keeps keys apart, caps a batch, and batches what arrives during a commit next', async () => {
    const { group, batches, releaseFirst } = recorder(2);
    const first = [1, 2, 3].map((n) => group.submit('a', n));
    const other = group.submit('b', 9);
    await new Promise(setImmediate);
    const later = [4, 5].map((n) => group.submit('a', n));
    releaseFirst();
    await Promise.all([...first, other, ...later]);
    expect(batches).toEqual([[1, 2], [9], [3, 4], [5]]);
  });

  it('fails every item of a batch whose commit throws, and goes on with the next', async () => {
    let calls = 0;
    const group = new GroupCommit<number, number>(200, async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return items.map((value) => ({ ok: true, value }));
    });
    const failed = [1, 2].map((n) => group.submit('a', n).catch((error: Error) => error.message));
    expect(await Promise.all(failed)).toEqual(['connection lost', 'connection lost']);
    expect(await group.submit('a', 3)).toBe(3);
  });
});

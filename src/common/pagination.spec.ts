import { DomainError } from './errors/domain-error';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  it('round-trips a sort key through an opaque cursor', () => {
    const cursor = encodeCursor(['2026-11-22T03:00:00.000Z', 'abc']);
    expect(cursor).not.toContain('abc');
    expect(decodeCursor(cursor, 2)).toEqual(['2026-11-22T03:00:00.000Z', 'abc']);
  });

  it('rejects cursors it did not make', () => {
    expect(() => decodeCursor('nonsense', 2)).toThrow(DomainError);
    expect(() => decodeCursor(encodeCursor([1]), 2)).toThrow(/cursor/);
    expect(decodeCursor(undefined, 2)).toBeUndefined();
  });

  it('pages with one extra row to know whether more follow', () => {
    const rows = [5, 4, 3];
    const page = toPage(rows, 2, (n) => ({ n }), (n) => [n]);
    expect(page).toEqual({ data: [{ n: 5 }, { n: 4 }], has_more: true, next_cursor: encodeCursor([4]) });
    expect(toPage([1], 2, (n) => n, (n) => [n])).toEqual({ data: [1], has_more: false, next_cursor: null });
  });
});

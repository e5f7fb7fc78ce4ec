import { DomainError } from '../errors/domain-error';
import { assertAcceptableInput } from './request-input';

const limits = { maxDepth: 3, maxFields: 5 };

function problem(inputs: unknown[], maxFields = limits.maxFields): DomainError | undefined {
  try {
    assertAcceptableInput(inputs, { ...limits, maxFields });
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
}

describe('assertAcceptableInput', () => {
  it('accepts ordinary input, including characters outside the BMP', () => {
    expect(problem([{ name: 'PT Ünïcode 😀', items: [{ amount: 1 }] }, { external_id: ['a', 'b'] }, {}])).toBeUndefined();
  });

  it('names every field holding a NUL or a lone surrogate, keys included', () => {
    const error = problem([{ a: 'x\u0000', list: ['\ud800'], ['k\u0000']: 1 }]);
    expect(error?.code).toBe('API_VALIDATION_ERROR');
    expect(error?.errors.map((e) => e.field).sort()).toEqual(['a', 'k\u0000', 'list.0']);
    expect(problem(['\udc00x'])?.errors[0]).toEqual({ field: 'body', message: 'body must be valid Unicode text (it contains an unpaired surrogate)' });
  });

  it('limits depth and the number of fields without recursing', () => {
    expect(problem([{ a: { b: { c: 1 } } }])).toBeUndefined();
    expect(problem([{ a: { b: { c: { d: 1 } } } }])?.message).toBe('The request nests deeper than 3 levels');
    expect(problem([{ a: 1, b: 2, c: [3, 4] }])).toBeUndefined();
    expect(problem([{ a: 1, b: 2, c: [3, 4, 5] }])?.message).toBe('The request has more than 5 fields');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(problem([deep])?.code).toBe('REQUEST_TOO_LARGE_ERROR');
  });

  it('reports at most ten problems', () => {
    const input = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, '\u0000']));
    expect(problem([input], 100)?.errors).toHaveLength(10);
  });
});

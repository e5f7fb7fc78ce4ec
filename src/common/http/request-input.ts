import { DomainError, FieldError } from '../errors/domain-error';

/** Deepest nesting of a request body: `{"disbursements":[{"amount":1}]}` is 3 levels deep. */
export const MAX_INPUT_DEPTH = 10;

/** Problems reported per request; a hostile body could otherwise make the answer as large as itself. */
const MAX_REPORTED = 10;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface InputLimits {
  maxDepth: number;
  /** Object members and array elements, counted over the whole value. */
  maxFields: number;
}

/** PostgreSQL cannot store NUL in text, and a lone surrogate is not Unicode (jsonb refuses it). */
function stringProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it contains an unpaired surrogate)';
  return undefined;
}

function tooLarge(message: string): DomainError {
  return new DomainError('REQUEST_TOO_LARGE_ERROR', message);
}

/**
 * Checks parsed request input (body, query, path parameters) once for every endpoint, so no
 * DTO has to: nesting depth, number of fields, and every string and key for NUL and lone
 * surrogates. Iterative, because the input may be nested far deeper than the stack allows.
 */
export function assertAcceptableInput(inputs: unknown[], limits: InputLimits): void {
  const problems: FieldError[] = [];
  const report = (field: string, problem: string) => {
    if (problems.length < MAX_REPORTED) problems.push({ field, message: `${field} ${problem}` });
  };
  for (const input of inputs) {
    let fields = 0;
    const pending: { value: unknown; path: string; depth: number }[] = [{ value: input, path: '', depth: 0 }];
    while (pending.length) {
      const { value, path, depth } = pending.pop()!;
      if (typeof value === 'string') {
        const problem = stringProblem(value);
        if (problem) report(path || 'body', problem);
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      if (depth >= limits.maxDepth) throw tooLarge(`The request nests deeper than ${limits.maxDepth} levels`);
      const keys = Object.keys(value);
      fields += keys.length;
      if (fields > limits.maxFields) throw tooLarge(`The request has more than ${limits.maxFields} fields`);
      for (const key of keys) {
        const field = path ? `${path}.${key}` : key;
        const problem = stringProblem(key);
        if (problem) report(field, `(the field name) ${problem}`);
        pending.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
      }
    }
  }
  if (problems.length) {
    throw new DomainError('API_VALIDATION_ERROR', problems.map((problem) => problem.message).join('; '), problems);
  }
}

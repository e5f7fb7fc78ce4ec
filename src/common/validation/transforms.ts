import { Transform } from 'class-transformer';

/**
 * Form bodies carry every value as a string. These transforms turn the spec's
 * `"10000000"` and `"true"` into real values and leave anything else untouched, so the
 * validators that follow (IsInt, IsBoolean, …) report it precisely.
 */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value));
}

const BOOLEAN_STRINGS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const normalized = value.trim().toLowerCase();
    return normalized in BOOLEAN_STRINGS ? BOOLEAN_STRINGS[normalized] : value;
  });
}

export function Trim(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
}

import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsInt, validateSync } from 'class-validator';
import { ToBoolean, ToInteger, Trim } from './transforms';

class Sample {
  @ToInteger() @IsInt() amount: unknown;
  @ToBoolean() @IsBoolean() is_single_use: unknown;
  @Trim() name: unknown;
}

const parse = (plain: Record<string, unknown>) => plainToInstance(Sample, plain);

describe('form value transforms', () => {
  it('turns the spec form strings into numbers and booleans', () => {
    const sample = parse({ amount: '10000000', is_single_use: 'true', name: ' PT Test ' });
    expect(sample).toMatchObject({ amount: 10000000, is_single_use: true, name: 'PT Test' });
    expect(parse({ is_single_use: 'false' }).is_single_use).toBe(false);
    expect(parse({ is_single_use: '0' }).is_single_use).toBe(false);
  });

  it('keeps JSON numbers and booleans as they are', () => {
    expect(parse({ amount: 5, is_single_use: false })).toMatchObject({ amount: 5, is_single_use: false });
  });

  it('leaves values that are not whole numbers or booleans for the validators to reject', () => {
    const sample = parse({ amount: '10.5', is_single_use: 'yes' });
    expect(sample.amount).toBe('10.5');
    expect(sample.is_single_use).toBe('yes');
    const properties = validateSync(sample).map((e) => e.property);
    expect(properties).toEqual(expect.arrayContaining(['amount', 'is_single_use']));
  });

  it('does not accept exponent or hex notation as an integer', () => {
    expect(parse({ amount: '1e3' }).amount).toBe('1e3');
    expect(parse({ amount: '0x10' }).amount).toBe('0x10');
  });
});

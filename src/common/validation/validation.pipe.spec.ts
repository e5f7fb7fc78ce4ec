import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { ToBoolean, ToInteger, Trim } from './transforms';
import { createValidationPipe } from './validation.pipe';

class Recipient {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'bank_code is required' })
  bank_code: string;
}

/** Shaped like create-virtual-account: the rules every money DTO stacks. */
class Sample {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'external_id is required' })
  @MaxLength(255)
  external_id: string;

  @ToInteger()
  @IsInt({ message: 'amount must be a whole number of rupiah' })
  @Min(1, { message: 'amount must be at least 1' })
  @Max(1_000_000, { message: 'amount must be at most 1000000' })
  amount: number;

  @ToBoolean()
  @IsBoolean({ message: 'is_single_use must be true or false' })
  is_single_use: boolean;

  @IsOptional()
  @IsIn(['a', 'b'], { message: 'status must be a or b' })
  status?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'reference must not be empty' })
  reference?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Recipient)
  recipient?: Recipient;
}

async function errorsOf(body: Record<string, unknown>) {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Sample });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { message: error.message, errors: error.errors };
  }
  return undefined;
}

describe('the validation pipe', () => {
  it('says a missing field is required, once', async () => {
    expect(await errorsOf({})).toEqual({
      message: 'external_id is required; amount is required; is_single_use is required',
      errors: [
        { field: 'external_id', message: 'external_id is required' },
        { field: 'amount', message: 'amount is required' },
        { field: 'is_single_use', message: 'is_single_use is required' },
      ],
    });
    expect((await errorsOf({ external_id: null, amount: null, is_single_use: true }))?.errors).toEqual([
      { field: 'external_id', message: 'external_id is required' },
      { field: 'amount', message: 'amount is required' },
    ]);
  });

  it('takes an empty (or blank) required text as missing', async () => {
    expect((await errorsOf({ external_id: '   ', amount: 5, is_single_use: true }))?.errors).toEqual([{ field: 'external_id', message: 'external_id is required' }]);
  });

  it('says what the DTO says of an empty optional field: it is not missing', async () => {
    expect((await errorsOf({ external_id: 'x', amount: 5, is_single_use: true, reference: '' }))?.errors).toEqual([{ field: 'reference', message: 'reference must not be empty' }]);
  });

  it('says a fraction must be a whole number, as JSON number or form text', async () => {
    for (const amount of [10.5, '10.5', '1e3', 'ten']) {
      expect(await errorsOf({ external_id: 'x', amount, is_single_use: true })).toEqual({
        message: 'amount must be a whole number of rupiah',
        errors: [{ field: 'amount', message: 'amount must be a whole number of rupiah' }],
      });
    }
  });

  it('names the one range rule a whole number breaks', async () => {
    expect((await errorsOf({ external_id: 'x', amount: '-5', is_single_use: 'true' }))?.errors).toEqual([{ field: 'amount', message: 'amount must be at least 1' }]);
    expect((await errorsOf({ external_id: 'x', amount: 2_000_000, is_single_use: 'true' }))?.errors).toEqual([{ field: 'amount', message: 'amount must be at most 1000000' }]);
    expect((await errorsOf({ external_id: 'x'.repeat(256), amount: 1, is_single_use: true }))?.errors).toEqual([
      { field: 'external_id', message: 'external_id must be shorter than or equal to 255 characters' },
    ]);
  });

  it('leaves optional fields alone when absent and checks them when sent', async () => {
    expect(await errorsOf({ external_id: 'x', amount: 1, is_single_use: false })).toBeUndefined();
    expect((await errorsOf({ external_id: 'x', amount: 1, is_single_use: false, status: 'c' }))?.errors).toEqual([{ field: 'status', message: 'status must be a or b' }]);
  });

  it('names nested fields by their path', async () => {
    expect((await errorsOf({ external_id: 'x', amount: 1, is_single_use: false, recipient: {} }))?.errors).toEqual([
      { field: 'recipient.bank_code', message: 'bank_code is required' },
    ]);
  });
});

import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../errors/domain-error';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Validates every request DTO. Unknown fields are dropped (clients of the upstream APIs
 * often send extra fields); form values arrive as strings and are coerced by the
 * transforms in ./transforms.ts, never by class-transformer's implicit conversion
 * (which would turn "false" into true).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new DomainError('API_VALIDATION_ERROR', fieldErrors.map((e) => e.message).join('; '), fieldErrors);
    },
  });
}

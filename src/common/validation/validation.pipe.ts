import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../errors/domain-error';

const isMissing = (value: unknown) => value === undefined || value === null;

/**
 * The one message of a field that broke rules: a missing field is "<field> is required" — not
 * also that it is not a string, too short and too long; an empty one gets its @IsNotEmpty
 * message; any other gets the first rule it broke in the order its DTO declares them (the
 * type before the range: `amount=10.5` "must be a whole number", not "at least 1").
 * class-validator lists the broken rules in reverse declaration order (decorators apply
 * bottom-up), so the first declared is the last listed.
 */
export function fieldMessage(error: ValidationError, field: string): string | undefined {
  const constraints = error.constraints ?? {};
  const messages = Object.values(constraints);
  if (!messages.length) return undefined;
  const notEmpty = constraints.isNotEmpty;
  // Missing: only required fields get here (@IsOptional skips the rest).
  if (isMissing(error.value)) return notEmpty && /\brequired\b/.test(notEmpty) ? notEmpty : `${field} is required`;
  // Empty where it must not be: what the DTO says about it (class-validator's default says less).
  if (notEmpty) return /should not be empty$/.test(notEmpty) ? `${field} is required` : notEmpty;
  return messages[messages.length - 1];
}

/** One error per field (nested fields as `parent.child`), in the order the DTO declares them. */
export function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const message = fieldMessage(error, field);
    return [...(message ? [{ field, message }] : []), ...fieldErrors(error.children ?? [], field)];
  });
}

/**
 * Validates every request DTO. Unknown fields are dropped (clients of the upstream APIs
 * often send extra fields); form values arrive as strings and are coerced by the
 * transforms in ./transforms.ts, never by class-transformer's implicit conversion
 * (which would turn "false" into true). Each field that is wrong gets one message.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    // The value tells a missing field from a wrong one; it never leaves the exception factory.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const problems = fieldErrors(errors);
      return new DomainError('API_VALIDATION_ERROR', problems.map((e) => e.message).join('; '), problems);
    },
  });
}

import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';

/**
 * Custom part of pino's error serializer: pino-http hands it pino's own serialization, with
 * the error itself as `raw`. Failed SQL is the exception: TypeORM's QueryFailedError carries
 * the bound parameters and PostgreSQL's error its `detail` ("Failing row contains (…)"),
 * i.e. customer names and account numbers. Those are logged as the statement, the SQLSTATE
 * and the names of what failed (table, column, constraint), never the values.
 */
export function serializeError(serialized: { raw?: unknown }): unknown {
  const error = serialized?.raw;
  if (!(error instanceof QueryFailedError) && !(error instanceof DatabaseError)) return serialized;

  const database: Partial<DatabaseError> = error instanceof QueryFailedError ? error.driverError : error;
  const message = messageWithoutValues(database.message ?? error.message, database.code);
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    type: error.constructor.name,
    message,
    code: database.code,
    table: database.table,
    column: database.column,
    constraint: database.constraint,
    query: error instanceof QueryFailedError ? error.query : undefined,
    stack: [`${error.constructor.name}: ${message}`, ...frames].join('\n'),
  };
}

/** Data exceptions (SQLSTATE class 22) quote the offending value: `invalid input syntax for type uuid: "…"`. */
function messageWithoutValues(message: string, code: string | undefined): string {
  return code?.startsWith('22') ? message.replace(/".*"/s, '[value]') : message;
}

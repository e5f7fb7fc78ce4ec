import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { queryRows } from './query-rows';

/**
 * The one way the application reaches the database: repositories run their SQL through
 * this, on the connection of the transaction the caller is in (TransactionHost), or on a
 * pooled connection when there is none. Nothing else holds a DataSource.
 */
@Injectable()
export class Sql {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Rows of a statement (also of UPDATE/DELETE … RETURNING). */
  query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.txHost.tx, sql, parameters);
  }

  /**
   * A hot statement run as a named prepared statement: pg plans it once per connection
   * instead of on every call (half the database time of a callback worker round).
   */
  prepared<T>(name: string, sql: string, parameters: unknown[] = []): Promise<T[]> {
    // TypeORM passes the query object to pg unchanged; its signature only admits text.
    return queryRows<T>(this.txHost.tx, { name, text: sql } as unknown as string, parameters);
  }

  /** The first row, or undefined. */
  async one<T>(sql: string, parameters: unknown[] = []): Promise<T | undefined> {
    const [row] = await this.query<T>(sql, parameters);
    return row;
  }

  /** Whether the caller is inside a transaction. */
  get inTransaction(): boolean {
    return this.txHost.isTransactionActive();
  }

  /**
   * Runs `work` on connections of its own, committed statement by statement, even when the
   * caller is inside a transaction: for records that must outlive the caller's rollback or be
   * seen by concurrent requests at once (an idempotency claim, a delivery attempt).
   */
  outsideTransaction<R>(work: () => Promise<R>): Promise<R> {
    return this.txHost.withTransaction(Propagation.NotSupported, work);
  }
}

type Exhaustive<Row, Names extends readonly (keyof Row & string)[]> =
  Exclude<keyof Row, Names[number]> extends never ? Names : { missingColumns: Exclude<keyof Row, Names[number]> };

/**
 * A table's column list, written once next to its row type. The compiler checks it names
 * every field of the row, so adding a column to the row type without selecting it (or the
 * other way round) does not compile. Use in SQL as `${COLUMNS}` or `${COLUMNS.of('va')}`.
 */
export class Columns<Row> {
  /** Only a type: which row the list reads, so a list cannot be used for another table's rows. */
  declare readonly row?: Row;

  private constructor(readonly names: readonly string[]) {}

  static of<Row>() {
    return <const Names extends readonly (keyof Row & string)[]>(...names: Exhaustive<Row, Names> & Names): Columns<Row> => new Columns<Row>(names);
  }

  /** The list qualified with a table alias, for joins. */
  of(alias: string): string {
    return this.names.map((name) => `${alias}.${name}`).join(', ');
  }

  toString(): string {
    return this.names.join(', ');
  }
}

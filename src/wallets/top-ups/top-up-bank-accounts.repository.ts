import { Injectable } from '@nestjs/common';
import type { Environment } from '../../common/environment';
import { Columns, Sql } from '../../database/sql';

export interface TopUpBankAccountRow {
  id: string;
  environment: Environment;
  bank_code: string;
  account_number: string;
  account_name: string;
  active: boolean;
  created_at: Date;
  retired_at: Date | null;
}

const ACCOUNT = Columns.of<TopUpBankAccountRow>()('id', 'environment', 'bank_code', 'account_number', 'account_name', 'active', 'created_at', 'retired_at');

/** The top_up_bank_accounts table: where merchants transfer their top-ups. */
@Injectable()
export class TopUpBankAccountsRepository {
  constructor(private readonly sql: Sql) {}

  /** Active accounts of an environment, or of both (operators), oldest first. */
  list(filter: { environment?: Environment; activeOnly: boolean }): Promise<TopUpBankAccountRow[]> {
    return this.sql.query<TopUpBankAccountRow>(
      `SELECT ${ACCOUNT} FROM top_up_bank_accounts
       WHERE ($1::text IS NULL OR environment = $1) AND (active OR NOT $2)
       ORDER BY created_at, id`,
      [filter.environment ?? null, filter.activeOnly],
    );
  }

  /** Adds an active account; undefined when the same one is already active. */
  add(account: Pick<TopUpBankAccountRow, 'environment' | 'bank_code' | 'account_number' | 'account_name'>): Promise<TopUpBankAccountRow | undefined> {
    return this.sql.one<TopUpBankAccountRow>(
      `INSERT INTO top_up_bank_accounts (environment, bank_code, account_number, account_name)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (environment, bank_code, account_number) WHERE active DO NOTHING
       RETURNING ${ACCOUNT}`,
      [account.environment, account.bank_code, account.account_number, account.account_name],
    );
  }

  /** Retires an active account; undefined when there is no such active account. */
  retire(id: string): Promise<TopUpBankAccountRow | undefined> {
    return this.sql.one<TopUpBankAccountRow>(
      `UPDATE top_up_bank_accounts SET active = false, retired_at = now() WHERE id = $1 AND active RETURNING ${ACCOUNT}`,
      [id],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { Environment, MerchantScope } from '../../common/environment';
import type { Page } from '../../common/pagination';
import { pageNewestFirst } from '../../database/paginate';
import { Columns, Sql } from '../../database/sql';
import type { WithdrawalStatus } from './withdrawal.views';

/** Money out of the income wallet to the merchant's own registered bank account. */
export interface WithdrawalRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  amount: number;
  bank_code: string;
  account_number: string;
  account_name: string;
  status: WithdrawalStatus;
  failure_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const WITHDRAWAL_COLUMNS = Columns.of<WithdrawalRow>()(
  'id', 'merchant_id', 'environment', 'amount', 'bank_code', 'account_number', 'account_name', 'status', 'failure_reason', 'created_at', 'completed_at',
);

/** Where a merchant's withdrawals go, per environment. */
export interface WithdrawalAccountRow {
  merchant_id: string;
  environment: Environment;
  bank_code: string;
  account_number: string;
  account_name: string;
  updated_at: Date;
}

const WITHDRAWAL_ACCOUNT_COLUMNS = Columns.of<WithdrawalAccountRow>()(
  'merchant_id', 'environment', 'bank_code', 'account_number', 'account_name', 'updated_at',
);

/** Withdrawals and withdrawal accounts. A withdrawal's state changes commit with its ledger reservation (Propagation.Mandatory). */
@Injectable()
export class WithdrawalsRepository {
  constructor(private readonly sql: Sql) {}

  /** Registers the account, or replaces the one registered. */
  async saveAccount(owner: MerchantScope, account: { bankCode: string; accountNumber: string; accountName: string }): Promise<WithdrawalAccountRow> {
    const [row] = await this.sql.query<WithdrawalAccountRow>(
      `INSERT INTO withdrawal_accounts (merchant_id, environment, bank_code, account_number, account_name)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (merchant_id, environment) DO UPDATE
         SET bank_code = EXCLUDED.bank_code, account_number = EXCLUDED.account_number, account_name = EXCLUDED.account_name, updated_at = now()
       RETURNING ${WITHDRAWAL_ACCOUNT_COLUMNS}`,
      [owner.merchantId, owner.environment, account.bankCode, account.accountNumber, account.accountName],
    );
    return row;
  }

  findAccount(owner: MerchantScope): Promise<WithdrawalAccountRow | undefined> {
    return this.sql.one<WithdrawalAccountRow>(
      `SELECT ${WITHDRAWAL_ACCOUNT_COLUMNS} FROM withdrawal_accounts WHERE merchant_id = $1 AND environment = $2`,
      [owner.merchantId, owner.environment],
    );
  }

  /** A pending withdrawal to the account registered now. */
  @Transactional(Propagation.Mandatory)
  async insert(id: string, account: WithdrawalAccountRow, amount: number): Promise<WithdrawalRow> {
    const [row] = await this.sql.query<WithdrawalRow>(
      `INSERT INTO withdrawals (id, merchant_id, environment, amount, bank_code, account_number, account_name, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')
       RETURNING ${WITHDRAWAL_COLUMNS}`,
      [id, account.merchant_id, account.environment, amount, account.bank_code, account.account_number, account.account_name],
    );
    return row;
  }

  find(id: string): Promise<WithdrawalRow | undefined> {
    return this.sql.one<WithdrawalRow>(`SELECT ${WITHDRAWAL_COLUMNS} FROM withdrawals WHERE id = $1`, [id]);
  }

  findForMerchant(owner: MerchantScope, id: string): Promise<WithdrawalRow | undefined> {
    return this.sql.one<WithdrawalRow>(
      `SELECT ${WITHDRAWAL_COLUMNS} FROM withdrawals WHERE id = $1 AND merchant_id = $2 AND environment = $3`,
      [id, owner.merchantId, owner.environment],
    );
  }

  /** Done or failed, once: undefined when it had already ended. */
  @Transactional(Propagation.Mandatory)
  markFinished(id: string, status: 'done' | 'failed', failureReason: string | null): Promise<WithdrawalRow | undefined> {
    return this.sql.one<WithdrawalRow>(
      `UPDATE withdrawals SET status = $2, failure_reason = $3, completed_at = now() WHERE id = $1 AND status = 'pending'
       RETURNING ${WITHDRAWAL_COLUMNS}`,
      [id, status, failureReason],
    );
  }

  /** Newest first; one merchant's (`owner`) or everyone's. */
  page<T>(
    filter: { owner?: MerchantScope; status?: WithdrawalStatus },
    page: { limit?: number; cursor?: string },
    toView: (row: WithdrawalRow) => T,
  ): Promise<Page<T>> {
    const where: string[] = [];
    const parameters: unknown[] = [];
    if (filter.owner) {
      parameters.push(filter.owner.merchantId, filter.owner.environment);
      where.push(`w.merchant_id = $${parameters.length - 1} AND w.environment = $${parameters.length}`);
    }
    if (filter.status) {
      parameters.push(filter.status);
      where.push(`w.status = $${parameters.length}`);
    }
    return pageNewestFirst(this.sql, { select: `SELECT ${WITHDRAWAL_COLUMNS.of('w')} FROM withdrawals w`, where, parameters, alias: 'w' }, page, toView);
  }
}

import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { Sql } from '../../database/sql';
import { VIRTUAL_ACCOUNT_COLUMNS, VirtualAccountRow } from '../payable-resource';
import { PayableResourceRepository } from '../payable-resource.repository';

/** The virtual_accounts table; an account number is unique per bank. */
@Injectable()
export class VirtualAccountsRepository extends PayableResourceRepository<VirtualAccountRow> {
  constructor(sql: Sql) {
    super(sql, 'virtual_accounts', VIRTUAL_ACCOUNT_COLUMNS, 'bank_code, account_number');
  }

  /** Changes the expected amount and/or the expiration date; undefined leaves one as it is. */
  @Transactional(Propagation.Mandatory)
  async updateTerms(id: string, amount: number | undefined, expirationDate: Date | undefined): Promise<VirtualAccountRow> {
    const row = await this.sql.one<VirtualAccountRow>(
      `UPDATE virtual_accounts SET expected_amount = coalesce($2, expected_amount), expiration_date = coalesce($3, expiration_date),
              updated_at = now()
       WHERE id = $1 RETURNING ${VIRTUAL_ACCOUNT_COLUMNS}`,
      [id, amount ?? null, expirationDate ?? null],
    );
    return row!;
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { StatementResourcesService } from '../wallets/statements/statement-resources.service';
import { DisbursementsRepository } from './disbursements.repository';

/**
 * Tells wallet statements what money out is about: a `disbursement` movement names the
 * disbursement (shown with the merchant's external_id), a `withdrawal` one the withdrawal
 * (withdrawals have no external_id).
 */
@Injectable()
export class DisbursementStatementResources implements OnModuleInit {
  constructor(
    private readonly disbursements: DisbursementsRepository,
    private readonly statements: StatementResourcesService,
  ) {}

  onModuleInit(): void {
    this.statements.register({
      codes: ['disbursement'],
      resourcesOf: async (ids) =>
        new Map(
          (await this.disbursements.externalIds(ids)).map((row) => [row.id, { resource_type: 'disbursement', resource_id: row.id, external_id: row.external_id }]),
        ),
    });
    this.statements.register({
      codes: ['withdrawal'],
      resourcesOf: async (ids) => new Map(ids.map((id) => [id, { resource_type: 'withdrawal', resource_id: id, external_id: null }])),
    });
  }
}

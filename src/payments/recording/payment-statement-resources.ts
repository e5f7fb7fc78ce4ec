import { Injectable, OnModuleInit } from '@nestjs/common';
import { StatementResourcesService } from '../../wallets/statements/statement-resources.service';
import { PaymentsRepository } from './payments.repository';

/**
 * Tells wallet statements what a payment's movements are about: a `payment` (received) and
 * its `settlement` name the payment; the statement shows the virtual account or retail
 * payment it was made on and that resource's external_id.
 */
@Injectable()
export class PaymentStatementResources implements OnModuleInit {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly statements: StatementResourcesService,
  ) {}

  onModuleInit(): void {
    this.statements.register({
      codes: ['payment', 'settlement'],
      resourcesOf: async (paymentIds) =>
        new Map(
          (await this.payments.resourcesOf(paymentIds)).map((row) => [
            row.id,
            { resource_type: row.resource_type, resource_id: row.resource_id, external_id: row.external_id },
          ]),
        ),
    });
  }
}

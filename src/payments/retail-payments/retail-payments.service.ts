import { Injectable } from '@nestjs/common';
import { BankRegistryService } from '../../bank-registry/bank-registry.service';
import type { MerchantScope } from '../../common/environment';
import type { ResourceListFilter } from '../../common/resource-list-query';
import { DomainError } from '../../common/errors/domain-error';
import { PayableCreationService, PayableKind } from '../payable-creation.service';
import type { PayableInput } from '../payable-input';
import { PayableStatus, recorded, Recorded, retailPaymentView, RetailPaymentRow, RetailPaymentView } from '../payable-resource';
import { RetailPaymentsRepository } from './retail-payments.repository';

export interface NewRetailPaymentInput extends PayableInput {
  retailOutletName: string;
  isSingleUse: boolean;
}

/** Alfamart payment codes: the payer pays the code at the till. */
@Injectable()
export class RetailPaymentsService {
  private readonly kind: PayableKind<RetailPaymentRow, RetailPaymentView>;

  constructor(
    private readonly codes: RetailPaymentsRepository,
    private readonly creation: PayableCreationService,
    private readonly banks: BankRegistryService,
  ) {
    this.kind = { type: 'retail_payment', repository: codes, view: retailPaymentView, createdEvent: 'retail_payment.created' };
  }

  /** Opens the code at the provider, then stores it and emits retail_payment.created. */
  async create(scope: MerchantScope, input: NewRetailPaymentInput): Promise<RetailPaymentView> {
    const outlet = this.banks.requireRetailOutlet(input.retailOutletName);
    return this.creation.create(scope, this.kind, input, {
      channel: outlet,
      drawn: 'payment code',
      open: async (provider, resource, attempt) => {
        const opened = await provider.createRetailPaymentCode({ ...resource, retailOutletName: outlet.name }, attempt);
        return { providerReference: opened.providerReference, own: { retail_outlet_name: outlet.name, payment_code: opened.paymentCode } };
      },
    });
  }

  async get(scope: MerchantScope, id: string): Promise<Recorded<RetailPaymentView>> {
    const row = await this.codes.findForMerchant(scope, id);
    if (!row) throw new DomainError('RETAIL_PAYMENT_NOT_FOUND_ERROR', `No retail payment code with id ${id}`);
    return recorded(retailPaymentView(row), row);
  }

  async list(scope: MerchantScope, status: PayableStatus | undefined, filter: ResourceListFilter): Promise<Recorded<RetailPaymentView>[]> {
    return (await this.codes.list(scope, status, filter)).map((row) => recorded(retailPaymentView(row), row));
  }
}

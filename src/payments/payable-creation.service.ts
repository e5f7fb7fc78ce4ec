import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { CallbacksService } from '../callbacks/outbox/callbacks.service';
import type { Environment, MerchantScope } from '../common/environment';
import { newResourceId } from '../common/ids';
import { AppConfig } from '../config/app-config';
import type { MoneyInPort } from '../domain/provider-ports';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { assertChannelAmount, defaultExpiration, futureExpiration, PayableChannel, PayableInput, resolveName, sandboxPayAt } from './payable-input';
import type { PayableRow, ResourceType } from './payable-resource';
import type { NewPayableRow, OwnColumns, PayableResourceRepository } from './payable-resource.repository';

/** Numbers or codes drawn before giving up; the sandbox draws at random and may hit a taken one. */
const MAX_DRAWS = 10;

/** A kind of payable resource: where it is stored, how the API shows it, what its creation emits. */
export interface PayableKind<Row extends PayableRow, View extends object> {
  type: ResourceType;
  repository: PayableResourceRepository<Row>;
  view: (row: Row) => View;
  createdEvent: 'virtual_account.created' | 'retail_payment.created';
}

/** What every new resource is opened with at its provider. */
export interface NewPayable {
  id: string;
  environment: Environment;
  name: string;
  amount: number;
  isSingleUse: boolean;
  expirationDate: Date;
}

/** The kind's part of one creation: its channel and how its provider opens it. */
export interface PayableOpening<Row extends PayableRow> {
  channel: PayableChannel;
  /** `attempt` > 0 asks the provider for another number or code. */
  open: (provider: MoneyInPort, resource: NewPayable, attempt: number) => Promise<{ providerReference: string | null; own: OwnColumns<Row> }>;
  /** What an attempt draws, for the error when every one was taken. */
  drawn: string;
}

/**
 * Creating a virtual account or a payment code, one path for both: validated alike, opened
 * at the provider with no transaction open (a slow provider holds up only this request),
 * then stored in one transaction with its `*.created` event and the idempotent response.
 */
@Injectable()
export class PayableCreationService {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly callbacks: CallbacksService,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {}

  /** Never inside a transaction: it would stay open, and hold its locks, while the provider answers. */
  @Transactional(Propagation.Never)
  async create<Row extends PayableRow, View extends object>(
    scope: MerchantScope,
    kind: PayableKind<Row, View>,
    input: PayableInput & { isSingleUse: boolean },
    opening: PayableOpening<Row>,
  ): Promise<View> {
    assertChannelAmount(opening.channel, input.amount);
    const name = resolveName(input);
    const expirationDate = input.expirationDate ? futureExpiration(input.expirationDate) : defaultExpiration();
    const provider = this.providers.moneyIn(scope.environment, kind.type);
    const resource: NewPayable = { id: newResourceId(), environment: scope.environment, name, amount: input.amount, isSingleUse: input.isSingleUse, expirationDate };

    for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
      const opened = await opening.open(provider, resource, attempt);
      const common: NewPayableRow = {
        id: resource.id,
        merchant_id: scope.merchantId,
        environment: scope.environment,
        external_id: input.externalId,
        name,
        expected_amount: input.amount,
        is_single_use: input.isSingleUse,
        expiration_date: expirationDate,
        provider: provider.name,
        provider_reference: opened.providerReference,
        sandbox_pay_at: sandboxPayAt(scope, this.config),
      };
      const view = await this.store(scope, kind, common, opened.own);
      if (view) return view;
    }
    throw new Error(`No free ${opening.drawn} after ${MAX_DRAWS} attempts`);
  }

  /** Undefined when what the provider drew is taken. */
  @Transactional()
  private async store<Row extends PayableRow, View extends object>(
    scope: MerchantScope,
    kind: PayableKind<Row, View>,
    common: NewPayableRow,
    own: OwnColumns<Row>,
  ): Promise<View | undefined> {
    const row = await kind.repository.insertOpened(common, own);
    if (!row) return undefined;
    const view = kind.view(row);
    await this.callbacks.emit(scope, kind.createdEvent, row.id, row.id, view);
    await this.idempotency.recordResponse(view);
    return view;
  }
}

import { Injectable } from '@nestjs/common';
import type { TransferCode } from '../ledger/ledger.types';

/** What a statement row's movement is about. */
export const MOVEMENT_RESOURCE_TYPES = ['virtual_account', 'retail_payment', 'disbursement', 'withdrawal', 'top_up'] as const;
export type MovementResourceType = (typeof MOVEMENT_RESOURCE_TYPES)[number];

/** The resource a movement belongs to: our id of it and the merchant's own id for it. */
export interface MovementResource {
  resource_type: MovementResourceType;
  resource_id: string;
  /** The merchant's external_id (a top-up's transfer_reference); null when it has none (withdrawals). */
  external_id: string | null;
}

/**
 * The module that owns the resources behind some transfer codes (payments, disbursements…)
 * tells statements what a transfer's `reference` is. Statements live with the ledger, below
 * those modules, so they register here (at module init) instead of being imported.
 */
export interface MovementResourceSource {
  codes: readonly TransferCode[];
  /** The resources of those references it knows, by reference; one query per call. */
  resourcesOf(references: string[]): Promise<Map<string, MovementResource>>;
}

export type MovementResourceLookup = (movement: { code: TransferCode; reference: string }) => MovementResource | undefined;

/** Where statements find the resource of each movement (registered by the modules that own them). */
@Injectable()
export class StatementResourcesService {
  private readonly sources = new Map<TransferCode, MovementResourceSource>();

  register(source: MovementResourceSource): void {
    for (const code of source.codes) {
      if (this.sources.has(code)) throw new Error(`A statement resource source for ${code} is registered already`);
      this.sources.set(code, source);
    }
  }

  /** Resolves a batch of movements at once: one query per source, whatever the batch size. */
  async lookup(movements: readonly { code: TransferCode; reference: string }[]): Promise<MovementResourceLookup> {
    const referencesBySource = new Map<MovementResourceSource, Set<string>>();
    for (const { code, reference } of movements) {
      const source = this.sources.get(code);
      if (!source) continue;
      const references = referencesBySource.get(source) ?? new Set<string>();
      references.add(reference);
      referencesBySource.set(source, references);
    }
    const found = new Map<MovementResourceSource, Map<string, MovementResource>>();
    for (const [source, references] of referencesBySource) found.set(source, await source.resourcesOf([...references]));
    return ({ code, reference }) => {
      const source = this.sources.get(code);
      return source ? found.get(source)?.get(reference) : undefined;
    };
  }
}

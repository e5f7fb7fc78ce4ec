import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MigrationStatus } from '../database/migration-status';

/** How long the migrations check may take before the instance counts as not ready. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Readiness's `migrations` indicator: up when the database has applied every migration this
 * build ships; down naming the pending ones (or saying they could not be checked).
 */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly migrations: MigrationStatus,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      const pending = await Promise.race([
        this.migrations.pending(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timeout of ${CHECK_TIMEOUT_MS}ms exceeded`)), CHECK_TIMEOUT_MS);
        }),
      ]);
      if (pending.length > 0) return indicator.down({ message: `${pending.length} migration(s) not applied`, pending });
      return indicator.up({ applied: this.migrations.known });
    } catch (error) {
      return indicator.down({ message: `could not be checked: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      clearTimeout(timer);
    }
  }
}

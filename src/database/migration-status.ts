import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pendingMigrations } from './migrate';

/** Whether the database has every migration this build ships (for readiness and boot). */
@Injectable()
export class MigrationStatus {
  constructor(private readonly dataSource: DataSource) {}

  /** How many migrations this build ships (migrations/). */
  get known(): number {
    return this.dataSource.migrations.length;
  }

  /** The names of this build's migrations the database has not applied, oldest first. */
  pending(): Promise<string[]> {
    return pendingMigrations(this.dataSource);
  }
}

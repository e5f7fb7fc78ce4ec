import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricsService } from './metrics.service';

/** What node-postgres' Pool counts (TypeORM's PostgreSQL driver keeps it as `master`). */
interface PgPoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** This instance's database pool at scrape time: connections in use and idle, and requests waiting for one. */
@Injectable()
export class DatabasePoolMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape('database_pool', () => this.collect());
  }

  collect(): void {
    const pool = (this.dataSource.driver as unknown as { master?: PgPoolCounters }).master;
    if (!pool) throw new Error('The database pool is not open');
    this.metrics.dbPoolInUse.set(pool.totalCount - pool.idleCount);
    this.metrics.dbPoolIdle.set(pool.idleCount);
    this.metrics.dbPoolWaiting.set(pool.waitingCount);
    if (pool.options?.max !== undefined) this.metrics.dbPoolMax.set(pool.options.max);
  }
}

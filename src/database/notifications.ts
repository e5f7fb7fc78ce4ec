import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { Sql } from './sql';

const RECONNECT_DELAY_MS = 1_000;

export interface NotificationHandlers {
  /** The connection's application_name, to tell it apart in pg_stat_activity. */
  applicationName: string;
  onMessage(payload: string | undefined): void;
  /** LISTEN is in place: from now on every notification arrives. */
  onListening(): void;
  /** Not listening (the connection failed or dropped, or the application stops): notifications are missed until onListening. */
  onLost(): void;
}

/**
 * PostgreSQL NOTIFY / LISTEN. A notification is sent in the caller's transaction, so it is
 * delivered only if that commits. Each listen holds a dedicated connection outside the pool
 * (a pooled one would be handed to other work) and reconnects for as long as the
 * application runs.
 */
@Injectable()
export class DatabaseNotifications implements BeforeApplicationShutdown {
  private readonly url: string | undefined;
  private readonly listeners = new Set<ChannelListener>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly sql: Sql,
  ) {
    this.url = (dataSource.options as PostgresConnectionOptions).url;
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.sql.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** Resolves after the first attempt to connect, whether it succeeded or not. */
  async listen(channel: string, handlers: NotificationHandlers): Promise<void> {
    const listener = new ChannelListener(this.url, channel, handlers);
    this.listeners.add(listener);
    await listener.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener.stop()));
  }
}

class ChannelListener {
  private readonly logger = new Logger(DatabaseNotifications.name);
  private client: Client | undefined;
  private stopped = false;
  private reconnect: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string | undefined,
    private readonly channel: string,
    private readonly handlers: NotificationHandlers,
  ) {}

  async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: this.handlers.applicationName });
    client.on('notification', ({ payload }) => this.handlers.onMessage(payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
      this.client = client;
      this.handlers.onListening();
    } catch (error) {
      this.lost(client, error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    await this.client?.end().catch(() => undefined);
  }

  private lost(client: Client, error?: unknown): void {
    this.handlers.onLost();
    if (this.client === client) this.client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped || this.reconnect) return;
    this.logger.warn({ err: error }, `${this.handlers.applicationName} lost its connection listening on ${this.channel}; reconnecting`);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      void this.connect();
    }, RECONNECT_DELAY_MS);
  }
}

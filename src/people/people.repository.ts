import { Injectable } from '@nestjs/common';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import type { PersonRole } from '../common/http/dashboard-api';
import { Columns, Sql } from '../database/sql';

/** A person who may sign in to a merchant's dashboard. */
export interface PersonRow {
  id: string;
  merchant_id: string;
  name: string;
  email: string;
  role: PersonRole;
  created_at: Date;
}

const PERSON = Columns.of<PersonRow>()('id', 'merchant_id', 'name', 'email', 'role', 'created_at');

/** A person with the hash their password is checked against (sign-in only). */
export interface PersonCredentialsRow extends PersonRow {
  password_hash: string;
}

/** The people table. Removed people keep their row (the audit trail names them) and free their email. */
@Injectable()
export class PeopleRepository {
  constructor(private readonly sql: Sql) {}

  /** Undefined when an active person already has the email (whatever its case). */
  @Transactional(Propagation.Mandatory)
  insert(person: Pick<PersonRow, 'merchant_id' | 'name' | 'email' | 'role'> & { password_hash: string }): Promise<PersonRow | undefined> {
    return this.sql.one<PersonRow>(
      `INSERT INTO people (merchant_id, name, email, role, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (lower(email)) WHERE removed_at IS NULL DO NOTHING
       RETURNING ${PERSON}`,
      [person.merchant_id, person.name, person.email, person.role, person.password_hash],
    );
  }

  async emailTaken(email: string): Promise<boolean> {
    const row = await this.sql.one<{ taken: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM people WHERE lower(email) = lower($1) AND removed_at IS NULL) AS taken',
      [email],
    );
    return row!.taken;
  }

  /** The active person with that email, with their password hash. */
  withCredentials(email: string): Promise<PersonCredentialsRow | undefined> {
    return this.sql.one<PersonCredentialsRow>(
      `SELECT ${PERSON}, password_hash FROM people WHERE lower(email) = lower($1) AND removed_at IS NULL`,
      [email],
    );
  }

  /** The active person's password hash. */
  async passwordHash(personId: string): Promise<string | undefined> {
    const row = await this.sql.one<{ password_hash: string }>('SELECT password_hash FROM people WHERE id = $1 AND removed_at IS NULL', [personId]);
    return row?.password_hash;
  }

  async setPasswordHash(personId: string, passwordHash: string): Promise<void> {
    await this.sql.query('UPDATE people SET password_hash = $2, updated_at = now() WHERE id = $1', [personId, passwordHash]);
  }

  /** The merchant's active people, oldest first. */
  ofMerchant(merchantId: string): Promise<PersonRow[]> {
    return this.sql.query<PersonRow>(`SELECT ${PERSON} FROM people WHERE merchant_id = $1 AND removed_at IS NULL ORDER BY created_at, id`, [merchantId]);
  }

  /**
   * The merchant's active people, locked until the transaction ends: changes to a team are
   * made one at a time, so two owners cannot demote each other at once and leave none.
   */
  @Transactional(Propagation.Mandatory)
  lockTeam(merchantId: string): Promise<PersonRow[]> {
    return this.sql.query<PersonRow>(
      `SELECT ${PERSON} FROM people WHERE merchant_id = $1 AND removed_at IS NULL ORDER BY created_at, id FOR UPDATE`,
      [merchantId],
    );
  }

  @Transactional(Propagation.Mandatory)
  async setRole(personId: string, role: PersonRole): Promise<PersonRow> {
    const row = await this.sql.one<PersonRow>(`UPDATE people SET role = $2, updated_at = now() WHERE id = $1 RETURNING ${PERSON}`, [personId, role]);
    return row!;
  }

  @Transactional(Propagation.Mandatory)
  async remove(personId: string): Promise<void> {
    await this.sql.query('UPDATE people SET removed_at = now(), updated_at = now() WHERE id = $1 AND removed_at IS NULL', [personId]);
  }
}

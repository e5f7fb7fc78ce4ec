import { Injectable, Logger } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { AuthenticatedPerson, PersonRole, RequestActor } from '../common/http/dashboard-api';
import { isUuid } from '../common/ids';
import { MerchantsService } from '../merchants/merchants.service';
import type { CreatedMerchantView } from '../merchants/merchant.views';
import { PasswordHasher } from '../common/security/passwords';
import { PeopleRepository, type PersonRow } from './people.repository';
import type { AddedPersonView, PersonView, SessionView, SignedUpView } from './people.views';
import { type NewSession, SessionsService } from './sessions.service';

export interface SignUp {
  merchantName: string;
  name: string;
  email: string;
  password: string;
}

export interface NewPerson {
  name: string;
  email: string;
  role: PersonRole;
  password: string;
}

/** A signed-in person and the session to put in their cookie. */
export interface SignedIn<V extends SessionView = SessionView> {
  session: NewSession;
  view: V;
}

const DEMO_EMAIL = 'demo@palladium.local';

/**
 * A merchant's people: sign-up (a new merchant and its first owner), sign-in and out, and the
 * team its owners manage. Passwords are argon2id hashes (PasswordHasher); every change is
 * recorded in the audit trail, in the transaction of the change.
 */
@Injectable()
export class PeopleService {
  private readonly logger = new Logger(PeopleService.name);

  constructor(
    private readonly people: PeopleRepository,
    private readonly sessions: SessionsService,
    private readonly merchants: MerchantsService,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  /**
   * A new merchant, created as operators create one (wallets, callback credentials, both
   * keys) but with production off, its first person as owner, and a session: one
   * transaction. The password is hashed before it opens.
   */
  async signUp(input: SignUp, requestId: string | null): Promise<SignedIn<SignedUpView>> {
    const passwordHash = await this.passwords.hash(input.password);
    return this.signUpInTransaction(input, passwordHash, requestId);
  }

  @Transactional()
  private async signUpInTransaction(input: SignUp, passwordHash: string, requestId: string | null): Promise<SignedIn<SignedUpView>> {
    const email = input.email.trim();
    if (await this.people.emailTaken(email)) throw duplicatePerson(email);
    const merchant = await this.merchants.create({ name: input.merchantName, email, productionEnabled: false });
    const person = await this.insertPerson(merchant.id, { name: input.name.trim(), email, role: 'owner' }, passwordHash);
    const actor = actorOf(person, requestId);
    await this.audit.record(actor, {
      merchantId: merchant.id,
      environment: null,
      action: 'merchant.signed_up',
      target: `merchant:${merchant.id}`,
      after: { merchant_name: merchant.name, name: person.name, email: person.email, production_enabled: false },
    });
    const session = await this.startSession(person, actor);
    return {
      session,
      view: {
        person: personSummary(person),
        merchant: { id: merchant.id, name: merchant.name, production_enabled: false },
        csrf_token: session.csrfToken,
        api_keys: merchant.api_keys,
      },
    };
  }

  /**
   * Email and password. Both wrong and unknown emails get the same answer after the same
   * work (an unknown email is checked against a dummy hash). The caller throttles attempts.
   */
  async signIn(email: string, password: string, requestId: string | null): Promise<SignedIn> {
    const person = await this.people.withCredentials(email.trim());
    const matches = person ? await this.passwords.verify(person.password_hash, password) : await this.passwords.verifyNothing(password);
    if (!person || !matches) {
      if (person) {
        // Not awaited: the answer must not take longer for a known email than for an unknown one.
        this.audit
          .record(actorOf(person, requestId), { merchantId: person.merchant_id, environment: null, action: 'person.sign_in_failed', target: `person:${person.id}` })
          .catch((error: unknown) => this.logger.error({ err: error }, 'Recording a failed sign-in failed'));
      }
      throw new DomainError('INVALID_CREDENTIALS_ERROR', 'Wrong email or password');
    }
    // A suspended merchant's people are refused before a session or a "signed in" entry is written.
    await this.merchants.profile(person.merchant_id);
    if (this.passwords.needsRehash(person.password_hash)) await this.people.setPasswordHash(person.id, await this.passwords.hash(password));
    const session = await this.startSessionInTransaction(person, actorOf(person, requestId));
    return { session, view: await this.sessionView(person, session.csrfToken) };
  }

  @Transactional()
  private startSessionInTransaction(person: PersonRow, actor: RequestActor): Promise<NewSession> {
    return this.startSession(person, actor);
  }

  private async startSession(person: PersonRow, actor: RequestActor): Promise<NewSession> {
    const session = await this.sessions.start(person.id);
    await this.audit.record(actor, { merchantId: person.merchant_id, environment: null, action: 'person.signed_in', target: `person:${person.id}` });
    return session;
  }

  /** The session's person and merchant, for the dashboard to start from. */
  session(person: AuthenticatedPerson): Promise<SessionView> {
    return this.sessionView({ id: person.id, merchant_id: person.merchantId, name: person.name, email: person.email, role: person.role }, person.csrfToken);
  }

  @Transactional()
  async signOut(person: AuthenticatedPerson, actor: RequestActor): Promise<{ ended_sessions: number }> {
    const ended = (await this.sessions.end(person.sessionId)) ? 1 : 0;
    await this.audit.record(actor, { merchantId: person.merchantId, environment: null, action: 'person.signed_out', target: `person:${person.id}` });
    return { ended_sessions: ended };
  }

  @Transactional()
  async signOutEverywhere(person: AuthenticatedPerson, actor: RequestActor): Promise<{ ended_sessions: number }> {
    const ended = await this.sessions.endAll(person.id);
    await this.audit.record(actor, {
      merchantId: person.merchantId,
      environment: null,
      action: 'person.signed_out_everywhere',
      target: `person:${person.id}`,
      after: { ended_sessions: ended },
    });
    return { ended_sessions: ended };
  }

  /** A new password, after the current one; the person's other sessions end. */
  async changePassword(person: AuthenticatedPerson, current: string, next: string, actor: RequestActor): Promise<{ ended_sessions: number }> {
    const hash = await this.people.passwordHash(person.id);
    if (!hash || !(await this.passwords.verify(hash, current))) {
      throw new DomainError('API_VALIDATION_ERROR', 'current_password is not your password', [{ field: 'current_password', message: 'is not your password' }]);
    }
    return this.changePasswordInTransaction(person, await this.passwords.hash(next), actor);
  }

  @Transactional()
  private async changePasswordInTransaction(person: AuthenticatedPerson, hash: string, actor: RequestActor): Promise<{ ended_sessions: number }> {
    await this.people.setPasswordHash(person.id, hash);
    const ended = await this.sessions.endAllBut(person.id, person.sessionId);
    await this.audit.record(actor, {
      merchantId: person.merchantId,
      environment: null,
      action: 'person.password_changed',
      target: `person:${person.id}`,
      after: { ended_sessions: ended },
    });
    return { ended_sessions: ended };
  }

  async team(merchantId: string): Promise<PersonView[]> {
    return (await this.people.ofMerchant(merchantId)).map(toPersonView);
  }

  /** An owner adds a teammate with a first password they hand over (no email invitations). */
  async addPerson(merchantId: string, input: NewPerson, actor: RequestActor): Promise<PersonView> {
    const passwordHash = await this.passwords.hash(input.password);
    return toPersonView(await this.addPersonInTransaction(merchantId, input, passwordHash, actor));
  }

  @Transactional()
  private async addPersonInTransaction(merchantId: string, input: Omit<NewPerson, 'password'>, passwordHash: string, actor: RequestActor): Promise<PersonRow> {
    await this.people.lockTeam(merchantId);
    const email = input.email.trim();
    if (await this.people.emailTaken(email)) throw duplicatePerson(email);
    const person = await this.insertPerson(merchantId, { name: input.name.trim(), email, role: input.role }, passwordHash);
    await this.audit.record(actor, {
      merchantId,
      environment: null,
      action: 'person.added',
      target: `person:${person.id}`,
      after: { name: person.name, email: person.email, role: person.role },
    });
    return person;
  }

  /** Operators: a person for a merchant they created (e.g. its first owner), with a generated first password, shown once. */
  async addPersonByOperator(merchantId: string, input: Omit<NewPerson, 'password'>, actor: RequestActor): Promise<AddedPersonView> {
    await this.merchants.get(merchantId);
    const password = PasswordHasher.generate();
    const person = await this.addPersonInTransaction(merchantId, input, await this.passwords.hash(password), actor);
    return { person: toPersonView(person), password };
  }

  @Transactional()
  async changeRole(merchantId: string, personId: string, role: PersonRole, actor: RequestActor): Promise<PersonView> {
    const team = await this.people.lockTeam(merchantId);
    const person = findIn(team, personId);
    if (person.role === role) return toPersonView(person);
    if (person.role === 'owner') assertAnotherOwner(team, person);
    const changed = await this.people.setRole(person.id, role);
    await this.audit.record(actor, {
      merchantId,
      environment: null,
      action: 'person.role_changed',
      target: `person:${person.id}`,
      before: { role: person.role },
      after: { role },
    });
    return toPersonView(changed);
  }

  /** Removes a person from the team: their sessions end at once; the audit trail keeps their name. */
  @Transactional()
  async remove(merchantId: string, personId: string, actor: RequestActor): Promise<{ id: string; removed: true; ended_sessions: number }> {
    const team = await this.people.lockTeam(merchantId);
    const person = findIn(team, personId);
    if (person.role === 'owner') assertAnotherOwner(team, person);
    await this.people.remove(person.id);
    const ended = await this.sessions.endAll(person.id);
    await this.audit.record(actor, {
      merchantId,
      environment: null,
      action: 'person.removed',
      target: `person:${person.id}`,
      before: { name: person.name, email: person.email, role: person.role },
      after: { ended_sessions: ended },
    });
    return { id: person.id, removed: true, ended_sessions: ended };
  }

  /**
   * On a database with no merchants: the demo merchant (as before) and an owner to sign in
   * to its dashboard with, whose generated password the start banner shows once.
   */
  async createDemoMerchantIfEmpty(): Promise<(CreatedMerchantView & { sign_in: { email: string; password: string } }) | undefined> {
    const password = PasswordHasher.generate();
    const passwordHash = await this.passwords.hash(password);
    return this.createDemoInTransaction(password, passwordHash);
  }

  @Transactional()
  private async createDemoInTransaction(password: string, passwordHash: string) {
    const demo = await this.merchants.createDemoMerchantIfEmpty();
    if (!demo) return undefined;
    await this.insertPerson(demo.id, { name: 'Demo Owner', email: DEMO_EMAIL, role: 'owner' }, passwordHash);
    return { ...demo, sign_in: { email: DEMO_EMAIL, password } };
  }

  private async insertPerson(merchantId: string, person: { name: string; email: string; role: PersonRole }, passwordHash: string): Promise<PersonRow> {
    const row = await this.people.insert({ merchant_id: merchantId, ...person, password_hash: passwordHash });
    if (!row) throw duplicatePerson(person.email);
    return row;
  }

  private async sessionView(person: Pick<PersonRow, 'id' | 'merchant_id' | 'name' | 'email' | 'role'>, csrfToken: string): Promise<SessionView> {
    const merchant = await this.merchants.profile(person.merchant_id);
    return {
      person: personSummary(person),
      merchant: { id: merchant.id, name: merchant.name, production_enabled: merchant.production_enabled },
      csrf_token: csrfToken,
    };
  }
}

function actorOf(person: Pick<PersonRow, 'id' | 'name' | 'email'>, requestId: string | null): RequestActor {
  return { person: { id: person.id, name: person.name, email: person.email }, requestId };
}

function personSummary(person: Pick<PersonRow, 'id' | 'name' | 'email' | 'role'>) {
  return { id: person.id, name: person.name, email: person.email, role: person.role };
}

function toPersonView(person: PersonRow): PersonView {
  return { ...personSummary(person), created_at: person.created_at.toISOString() };
}

function findIn(team: PersonRow[], personId: string): PersonRow {
  const person = isUuid(personId) ? team.find((p) => p.id === personId) : undefined;
  if (!person) throw new DomainError('PERSON_NOT_FOUND_ERROR', `No person with id ${personId} in your team`);
  return person;
}

function assertAnotherOwner(team: PersonRow[], owner: PersonRow): void {
  if (!team.some((p) => p.role === 'owner' && p.id !== owner.id)) {
    throw new DomainError('LAST_OWNER_ERROR', 'The last owner cannot be removed or given another role: make someone else owner first');
  }
}

function duplicatePerson(email: string): DomainError {
  return new DomainError('DUPLICATE_PERSON_ERROR', `${email} already signs in to a Palladium dashboard`);
}

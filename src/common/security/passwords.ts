import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * OWASP's first recommended argon2id configuration (Password Storage Cheat Sheet): 19 MiB of
 * memory, 2 iterations, 1 degree of parallelism. About 40 ms per hash on one core.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Long enough for any passphrase; a bound so nobody makes the server hash megabytes. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Dashboard passwords, hashed with argon2id (the `argon2` package, the reference
 * implementation's bindings). Passwords never leave this class except as PHC hash strings
 * (`$argon2id$v=19$m=19456,t=2,p=1$…`), and are never logged.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** A hash of nothing anyone knows, verified against when an email is unknown so both answers take as long. */
  private dummy?: Promise<string>;

  /** Made at start, so the first unknown email takes no longer than the others. */
  onModuleInit(): void {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /** Whether the password matches; a malformed hash is a mismatch. */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of a verification, for an unknown email; always false. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummy, password);
    return false;
  }

  /** Whether a stored hash was made with other parameters (it is replaced at the next sign-in). */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, ARGON2_OPTIONS);
    } catch {
      return true;
    }
  }

  /** A first password an operator hands over: 20 characters of base64url (120 bits). */
  static generate(): string {
    return randomBytes(15).toString('base64url');
  }
}

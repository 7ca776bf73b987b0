/**
 * The people who may log in. A real app asks its database; this example keeps two demo
 * accounts (documented in the README) and compares password digests in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface User {
  id: number;
  name: string;
}

interface Account extends User {
  digest: Buffer;
}

const digest = (password: string) => createHash('sha256').update(password).digest();

export class UserDirectory {
  readonly #accounts = new Map<string, Account>();

  constructor(accounts: { name: string; password: string }[]) {
    accounts.forEach(({ name, password }, i) => {
      this.#accounts.set(name.toLowerCase(), { id: i + 1, name, digest: digest(password) });
    });
  }

  /** The user, when the name and password match; undefined otherwise. */
  check(name: string, password: string): User | undefined {
    const account = this.#accounts.get(name.trim().toLowerCase());
    const ok = account !== undefined && timingSafeEqual(account.digest, digest(password));
    return ok ? { id: account.id, name: account.name } : undefined;
  }
}

export const DEMO_USERS = [
  { name: 'Ada', password: 'lovelace' },
  { name: 'Ben', password: 'franklin' },
];

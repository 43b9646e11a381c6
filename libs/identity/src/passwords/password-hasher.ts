import argon2 from 'argon2';

// OWASP's Argon2id baseline (19 MiB, 2 passes, 1 lane): ~30 ms here, costly for offline guessing.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Argon2id hashes; verification of an unknown account burns the same time as a real one. */
export class PasswordHasher {
  private readonly dummy = argon2.hash('not-a-real-password-for-timing-only', OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await this.dummy, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}

import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@liaison/core';

/** An opaque, URL-safe random token of 32 bytes. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/**
 * Keyed hashing and encryption under the server pepper: opaque tokens and recovery codes are
 * stored as HMACs (a database leak alone does not let anyone use them), TOTP secrets are
 * encrypted with AES-256-GCM.
 */
@Injectable()
export class KeyedHash {
  private readonly hmacKey: Buffer;
  private readonly encryptionKey: Buffer;

  constructor(config: AppConfig) {
    const pepper = Buffer.from(config.secrets.tokenPepper, 'utf8');
    this.hmacKey = Buffer.from(hkdfSync('sha256', pepper, Buffer.alloc(0), 'liaison/identity/hmac', 32));
    this.encryptionKey = Buffer.from(hkdfSync('sha256', pepper, Buffer.alloc(0), 'liaison/identity/secret-box', 32));
  }

  hash(purpose: string, value: string): string {
    return createHmac('sha256', this.hmacKey).update(`${purpose}\0${value}`).digest('base64url');
  }

  equals(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1') throw new Error('Unknown sealed-secret version');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, type Role } from '@liaison/core';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const MFA_TOKEN_TTL_SECONDS = 5 * 60;
const ISSUER = 'liaison';
const ACCESS_AUDIENCE = 'liaison-api';
const MFA_AUDIENCE = 'liaison-mfa';
// The algorithm is pinned on both sides: `alg: none` and RS/HS confusion are refused.
const ALGORITHM = 'HS256' as const;

export interface AccessClaims {
  sub: string;
  sid: string;
  roles: Role[];
  org: string | null;
  enr: boolean;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresAt: Date;
}

/** Short-lived access tokens and the five-minute token between password and MFA code. */
@Injectable()
export class AccessTokens {
  private readonly jwt: JwtService;

  constructor(config: AppConfig) {
    // A secret KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse
    // it as a public key on every verification, which costs about a millisecond each time.
    const key = createSecretKey(Buffer.from(config.secrets.jwtSecret));
    this.jwt = new JwtService({ secret: key as unknown as string });
  }

  async issue(claims: AccessClaims): Promise<IssuedAccessToken> {
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: ALGORITHM,
      issuer: ISSUER,
      audience: ACCESS_AUDIENCE,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    });
    return { accessToken, expiresAt: new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000) };
  }

  /** The verified claims and expiry, or null for anything invalid, expired or forged; checked on every request. */
  async verify(token: string): Promise<(AccessClaims & { exp: number }) | null> {
    try {
      return await this.jwt.verifyAsync<AccessClaims & { exp: number }>(token, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: ACCESS_AUDIENCE,
      });
    } catch {
      return null;
    }
  }

  issueMfaToken(userId: string, device: string): Promise<string> {
    return this.jwt.signAsync(
      { sub: userId, dev: device },
      { algorithm: ALGORITHM, issuer: ISSUER, audience: MFA_AUDIENCE, expiresIn: MFA_TOKEN_TTL_SECONDS },
    );
  }

  async verifyMfaToken(token: string): Promise<{ sub: string; dev: string } | null> {
    try {
      return await this.jwt.verifyAsync<{ sub: string; dev: string }>(token, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: MFA_AUDIENCE,
      });
    } catch {
      return null;
    }
  }
}

import {
  applyDecorators,
  createParamDecorator,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/domain';
import { ROLE_NAMES, SessionService, type Actor, type RoleName } from '@app/workflow';
import { ApiError } from './api-errors';

const ROLES_KEY = 'dutygate:roles';
const PUBLIC_KEY = 'dutygate:public';

/**
 * Roles allowed on a handler; every handler declares them (or is @Public), else it answers 403.
 * The OpenAPI document learns from here that the operation needs a bearer token (401) and, unless
 * every role may call it, whom it refuses (403).
 */
export const Roles = (...roles: RoleName[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiError(
      401,
      'No bearer token, a bad or expired one, or a user deactivated (or changed) since it was issued.',
    ),
    ...(ROLE_NAMES.every((r) => roles.includes(r))
      ? []
      : [ApiError(403, `Not allowed for this role: only ${roles.join(', ')}.`)]),
  );
export const ALL_ROLES = ROLE_NAMES;
export const Public = () => SetMetadata(PUBLIC_KEY, true);

interface AuthedRequest extends FastifyRequest {
  actor?: Actor;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().actor!;
});

/**
 * JWT claims: the actor, so a request needs no database read to know who is asking, and the
 * user's token version at login, which the guard compares with the current one (SessionService).
 */
export interface TokenClaims {
  sub: string;
  username: string;
  org: string;
  orgKind: Actor['orgKind'];
  roles: RoleName[];
  ver: number;
}

/** `Bearer <token>`, the scheme in any case (RFC 7235: auth schemes are case-insensitive). */
const BEARER = /^bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;

/** Tokens whose signature this process has checked, kept at most this many at a time. */
const VERIFIED_MAX = 10_000;

/**
 * Claims of tokens already verified, by token text, until the token expires: a client sends the
 * same token with every request, and checking its HMAC each time was about 2 % of a list request's
 * CPU. Only the signature check is skipped; whether the user is still active at that token version
 * is asked on every request (SessionService). When full, it starts afresh.
 */
export class VerifiedTokens {
  private readonly known = new Map<string, TokenClaims & { exp: number }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly max = VERIFIED_MAX,
  ) {}

  /** The token's claims if its signature and expiry hold (as jsonwebtoken judges them), else null. */
  async verify(token: string): Promise<TokenClaims | null> {
    const known = this.known.get(token);
    if (known) {
      // jsonwebtoken's own rule: expired from the second `exp` names.
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.known.delete(token);
    }
    let claims: TokenClaims & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & { exp?: number }>(token);
    } catch {
      return null;
    }
    if (typeof claims.exp === 'number') {
      if (this.known.size >= this.max) this.known.clear();
      this.known.set(token, claims as TokenClaims & { exp: number });
    }
    return claims;
  }

  get size(): number {
    return this.known.size;
  }
}

/** Global guard: a valid bearer token, then the handler's roles. Fails closed on undeclared handlers. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: VerifiedTokens;

  constructor(
    private readonly reflector: Reflector,
    jwt: JwtService,
    private readonly sessions: SessionService,
  ) {
    this.tokens = new VerifiedTokens(jwt);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new DomainError('UNAUTHENTICATED');
    const claims = await this.tokens.verify(token);
    if (!claims) throw new DomainError('UNAUTHENTICATED');
    // A deactivated user, or a token from before a role change or password reset, stops here.
    if (!(await this.sessions.isCurrent(claims.sub, claims.ver))) throw new DomainError('UNAUTHENTICATED');
    req.actor = {
      userId: claims.sub,
      username: claims.username,
      orgCode: claims.org,
      orgKind: claims.orgKind,
      roles: claims.roles,
    };
    const allowed = this.reflector.getAllAndOverride<RoleName[] | undefined>(ROLES_KEY, targets);
    if (!allowed || !claims.roles.some((r) => allowed.includes(r))) throw new DomainError('FORBIDDEN');
    return true;
  }
}

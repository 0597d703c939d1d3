import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { LoginResult } from '@app/contract';
import { AuthService } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { Public, type TokenClaims } from '../http/auth';
import { clientAddress, CredentialThrottle } from '../http/credential-throttle';
import { LoginDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly jwt: JwtService,
    private readonly throttle: CredentialThrottle,
  ) {}

  /**
   * Sign in with a username and password; the token goes in `Authorization: Bearer …`.
   * @remarks Throttled per username and client (LOGIN_RATE_LIMIT a minute) before the password is hashed.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiError(401, 'Unknown user, wrong password or a deactivated account (`INVALID_CREDENTIALS`).')
  @ApiError(
    429,
    'Too many attempts for this username from this client, or too many password checks waiting (`Retry-After` says when to come back).',
  )
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<LoginResult> {
    const { actor, org, tokenVersion } = await this.throttle.attempt(
      'login',
      dto.username,
      clientAddress(req),
      () => this.auth.login(dto.username, dto.password),
    );
    const claims: TokenClaims = {
      sub: actor.userId,
      username: actor.username,
      org: actor.orgCode,
      orgKind: actor.orgKind,
      roles: actor.roles,
      ver: tokenVersion,
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      user: { id: actor.userId, username: actor.username, roles: actor.roles, org },
    };
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { AuthService } from '@app/workflow';
import { Public, type TokenClaims } from '../http/auth';
import { LoginDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @Throttle({ login: {} })
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto) {
    const { actor, org } = await this.auth.login(dto.username, dto.password);
    const claims: TokenClaims = {
      sub: actor.userId,
      username: actor.username,
      org: actor.orgCode,
      orgKind: actor.orgKind,
      roles: actor.roles,
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      user: { id: actor.userId, username: actor.username, roles: actor.roles, org },
    };
  }
}

import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { UserAccount, UserPage } from '@app/contract';
import { UsersService, type Actor } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { ChangeUserDto, CreateUserDto, UserListQuery } from './users.dto';

/** User administration (admin): accounts never carry their password hash out of the database. */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** List user accounts, newest first, optionally of one organisation. */
  @Roles('admin')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: UserListQuery): Promise<UserPage> {
    return this.users.list(actor, q);
  }

  /** Create a user account in an organisation, with a role its kind allows. */
  @Roles('admin')
  @Post()
  @ApiError(409, 'The username is taken, in any letter case (`USERNAME_TAKEN`).')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserAccount> {
    return this.users.create(actor, dto);
  }

  /**
   * Deactivate or reactivate an account, change its role or reset its password.
   * @remarks Older tokens of the user stop working within AUTH_USER_CACHE_MS.
   */
  @Roles('admin')
  @Patch(':id')
  change(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ChangeUserDto,
  ): Promise<UserAccount> {
    return this.users.change(actor, id, dto);
  }
}

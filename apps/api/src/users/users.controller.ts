import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, USER_ROLES, USERNAME_PATTERN, type UserRole } from '@app/domain';
import { UsersService, type Actor } from '@app/workflow';
import { CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { PageQuery } from '../tasks/list-query.dto';

const ORG_CODE = /^[A-Za-z0-9-]{1,16}$/;

class UserListQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @Matches(ORG_CODE)
  orgCode?: string;
}

class CreateUserDto {
  @ApiProperty({ example: 'D1-S01-li' })
  @IsString()
  @Matches(USERNAME_PATTERN)
  username: string;

  @ApiProperty({ example: 'D1-S01' })
  @IsString()
  @Matches(ORG_CODE)
  orgCode: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: UserRole;

  /** The policy (length, variety, not the username) is checked by the service, with a reason. */
  @ApiProperty({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 2)
  password: string;
}

class ChangeUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH * 2)
  password?: string;
}

/** User administration (admin): accounts never carry their password hash out of the database. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles('admin')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: UserListQuery) {
    return this.users.list(actor, q);
  }

  @Roles('admin')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Roles('admin')
  @Patch(':id')
  change(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: ChangeUserDto) {
    return this.users.change(actor, id, dto);
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import type { NewUserBody, UserChangeBody, UserListParams } from '@app/contract';
import { PASSWORD_MAX_LENGTH, USER_ROLES, USERNAME_PATTERN, type UserRole } from '@app/domain';
import { PageQuery } from '../tasks/list-query.dto';

const ORG_CODE = /^[A-Za-z0-9-]{1,16}$/;

export class UserListQuery extends PageQuery implements UserListParams {
  @IsOptional()
  @IsString()
  @Matches(ORG_CODE)
  orgCode?: string;
}

export class CreateUserDto implements NewUserBody {
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

export class ChangeUserDto implements UserChangeBody {
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

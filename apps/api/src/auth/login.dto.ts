import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { LoginBody } from '@app/contract';

export class LoginDto implements LoginBody {
  @ApiProperty({ example: 'ZJJ' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'dutygate-demo' })
  @IsString()
  @Length(1, 256)
  password: string;
}

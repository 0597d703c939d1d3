import { Body, Controller, Get, HttpCode, Post, Put, Query, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListsService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { FileUpload } from '../http/upload';

/** What multer hands over for the uploaded list file. */
interface UploadedListFile {
  buffer: Buffer;
  originalname: string;
}

class ImportListDto {
  @IsOptional()
  @IsString()
  @MaxLength(32)
  version?: string;

  @IsOptional()
  @IsString()
  @MaxLength(10)
  effectiveFrom?: string;
}

class MatterQuery {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  category?: string;
}

class RulesDto {
  /** Checked as a whole by the domain (ruleTableProblems), which names each bad rule. */
  @IsArray()
  rules: unknown[];
}

@ApiTags('responsibility list')
@ApiBearerAuth()
@Controller('lists')
export class ListsController {
  constructor(private readonly lists: ListsService) {}

  @Roles('reviewer', 'supervisor', 'admin')
  @Get()
  versions(@CurrentActor() actor: Actor) {
    return this.lists.versions(actor);
  }

  @Roles('reviewer')
  @Post()
  @FileUpload('file')
  import(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedListFile | undefined,
    @Body() dto: ImportListDto,
  ) {
    return this.lists.importDraft(actor, { file, version: dto.version, effectiveFrom: dto.effectiveFrom });
  }

  @Roles('reviewer')
  @Post(':id/publish')
  @HttpCode(200)
  publish(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.lists.publish(actor, id);
  }

  @Roles(...ALL_ROLES)
  @Get('current/matters')
  matters(@Query() q: MatterQuery) {
    return this.lists.currentMatters(q.q, q.category);
  }

  @Roles(...ALL_ROLES)
  @Get(':id/rules')
  rules(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.lists.rules(actor, id);
  }

  @Roles('reviewer')
  @Put(':id/rules')
  replaceRules(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: RulesDto) {
    return this.lists.replaceRules(actor, id, dto.rules);
  }
}

import { Body, Controller, Get, HttpCode, Post, Put, Query, UploadedFile } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type {
  ImportedList,
  ListDiff,
  ListVersion,
  MatterList,
  PublishedList,
  RuleTable,
  VersionMatterList,
} from '@app/contract';
import { ListsService, type Actor } from '@app/workflow';
import { ApiError } from '../http/api-errors';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { FileUpload } from '../http/upload';
import { DiffQuery, ImportListDto, ImportListForm, MatterQuery, RulesDto } from './lists.dto';

/** What multer hands over for the uploaded list file. */
interface UploadedListFile {
  buffer: Buffer;
  originalname: string;
}

@ApiTags('responsibility list')
@Controller('lists')
export class ListsController {
  constructor(private readonly lists: ListsService) {}

  /**
   * List every version of the responsibility list, newest first, the one in force marked.
   * @remarks Drafts are listed for the reviewer only.
   */
  @Roles(...ALL_ROLES)
  @Get()
  versions(@CurrentActor() actor: Actor): Promise<ListVersion[]> {
    return this.lists.versions(actor);
  }

  /**
   * Import a list file as a new draft version.
   * @remarks Nothing is stored when any row is bad: 422 names every bad row and column.
   */
  @Roles('reviewer')
  @Post()
  @FileUpload('file')
  @ApiBody({ type: ImportListForm })
  @ApiError(409, 'The version exists already (`LIST_VERSION_EXISTS`).')
  @ApiError(
    422,
    'The file parsed but holds bad rows (`INVALID_FILE_ROWS`, each row and column named), or more rows, columns or cells than allowed (`FILE_DIMENSIONS_EXCEEDED`).',
  )
  import(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedListFile | undefined,
    @Body() dto: ImportListDto,
  ): Promise<ImportedList> {
    return this.lists.importDraft(actor, { file, version: dto.version, effectiveFrom: dto.effectiveFrom });
  }

  /** Publish a draft version: it is in force from its effective date. */
  @Roles('reviewer')
  @Post(':id/publish')
  @HttpCode(200)
  @ApiError(409, 'The version is not a draft (`LIST_NOT_DRAFT`).')
  publish(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<PublishedList> {
    return this.lists.publish(actor, id);
  }

  /** Search the matters of the version in force. */
  @Roles(...ALL_ROLES)
  @Get('current/matters')
  @ApiError(404, 'No version is in force.')
  matters(@Query() q: MatterQuery): Promise<MatterList> {
    return this.lists.currentMatters(q.q, q.category);
  }

  /** Search the matters of one version (a draft: the reviewer only). */
  @Roles(...ALL_ROLES)
  @Get(':id/matters')
  versionMatters(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() q: MatterQuery,
  ): Promise<VersionMatterList> {
    return this.lists.versionMatters(actor, id, q.q, q.category);
  }

  /** What a version adds, removes and changes (matters and rules) compared with another. */
  @Roles(...ALL_ROLES)
  @Get(':id/diff')
  diff(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() q: DiffQuery): Promise<ListDiff> {
    return this.lists.diff(actor, id, q.from);
  }

  /** The routing table of a list version. */
  @Roles(...ALL_ROLES)
  @Get(':id/rules')
  rules(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<RuleTable> {
    return this.lists.rules(actor, id);
  }

  /** Replace the routing table of a draft version. */
  @Roles('reviewer')
  @Put(':id/rules')
  @ApiError(409, 'The version is not a draft (`LIST_NOT_DRAFT`).')
  replaceRules(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: RulesDto,
  ): Promise<RuleTable> {
    return this.lists.replaceRules(actor, id, dto.rules);
  }
}

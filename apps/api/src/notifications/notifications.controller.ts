import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_OUTBOUND_URL_LENGTH } from '@app/domain';
import { InboxService, WebhookService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { PageQuery } from '../tasks/list-query.dto';

class InboxQuery extends PageQuery {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

class WebhookDto {
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,16}$/)
  orgCode: string;

  /** Checked as a whole by the webhook service (scheme, credentials, where it may point), which names the problem. */
  @IsString()
  @MaxLength(MAX_OUTBOUND_URL_LENGTH)
  url: string;
}

class WebhookQuery {
  @IsOptional()
  @IsString()
  orgCode?: string;
}

class WebhookActiveDto {
  @IsBoolean()
  active: boolean;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    private readonly inbox: InboxService,
    private readonly webhooks: WebhookService,
  ) {}

  @Roles(...ALL_ROLES)
  @Get('notifications')
  list(@CurrentActor() actor: Actor, @Query() q: InboxQuery) {
    return this.inbox.list(actor, q);
  }

  @Roles(...ALL_ROLES)
  @Post('notifications/read-all')
  @HttpCode(200)
  readAll(@CurrentActor() actor: Actor) {
    return this.inbox.markAllRead(actor);
  }

  @Roles(...ALL_ROLES)
  @Post('notifications/:id/read')
  @HttpCode(200)
  read(@CurrentActor() actor: Actor, @IdParam() id: string) {
    return this.inbox.markRead(actor, id);
  }

  @Roles('admin')
  @Post('webhooks')
  create(@Body() dto: WebhookDto) {
    return this.webhooks.create(dto.orgCode, dto.url);
  }

  @Roles('admin')
  @Get('webhooks')
  listWebhooks(@Query() q: WebhookQuery) {
    return this.webhooks.list(q.orgCode);
  }

  @Roles('admin')
  @Patch('webhooks/:id')
  setActive(@IdParam() id: string, @Body() dto: WebhookActiveDto) {
    return this.webhooks.setActive(id, dto.active);
  }

  @Roles('admin')
  @Get('webhooks/:id/deliveries')
  deliveries(@IdParam() id: string) {
    return this.webhooks.deliveries(id);
  }
}

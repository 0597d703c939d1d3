import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type {
  Inbox,
  NewWebhook,
  ReadAllResult,
  ReadResult,
  Webhook,
  WebhookActivity,
  WebhookDelivery,
  WebhookTest,
} from '@app/contract';
import { InboxService, WebhookService, type Actor } from '@app/workflow';
import { ALL_ROLES, CurrentActor, Roles } from '../http/auth';
import { IdParam } from '../http/params';
import { InboxQuery, WebhookActiveDto, WebhookDto, WebhookEditDto, WebhookQuery } from './notifications.dto';

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(
    private readonly inbox: InboxService,
    private readonly webhooks: WebhookService,
  ) {}

  /** The organisation's inbox, newest first, with the unread count. */
  @Roles(...ALL_ROLES)
  @Get('notifications')
  list(@CurrentActor() actor: Actor, @Query() q: InboxQuery): Promise<Inbox> {
    return this.inbox.list(actor, q);
  }

  /** Mark every notification of the organisation read. */
  @Roles(...ALL_ROLES)
  @Post('notifications/read-all')
  @HttpCode(200)
  readAll(@CurrentActor() actor: Actor): Promise<ReadAllResult> {
    return this.inbox.markAllRead(actor);
  }

  /** Mark one notification read. */
  @Roles(...ALL_ROLES)
  @Post('notifications/:id/read')
  @HttpCode(200)
  read(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ReadResult> {
    return this.inbox.markRead(actor, id);
  }

  /** Register a webhook for an organisation; the signing secret is shown only here. */
  @Roles('admin')
  @Post('webhooks')
  createWebhook(@CurrentActor() actor: Actor, @Body() dto: WebhookDto): Promise<NewWebhook> {
    return this.webhooks.create(actor, dto.orgCode, dto.url);
  }

  /** List the webhooks, optionally of one organisation. */
  @Roles('admin')
  @Get('webhooks')
  listWebhooks(@Query() q: WebhookQuery): Promise<Webhook[]> {
    return this.webhooks.list(q.orgCode);
  }

  /** Pause or resume a webhook. */
  @Roles('admin')
  @Patch('webhooks/:id')
  setWebhookActive(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: WebhookActiveDto,
  ): Promise<WebhookActivity> {
    return this.webhooks.setActive(actor, id, dto.active);
  }

  /** Point a webhook at another URL (checked as at registration); its organisation and secret stay. */
  @Roles('admin')
  @Put('webhooks/:id')
  editWebhook(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: WebhookEditDto,
  ): Promise<Webhook> {
    return this.webhooks.setUrl(actor, id, dto.url);
  }

  /** Remove a webhook and its delivery log. */
  @Roles('admin')
  @Delete('webhooks/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed, with its delivery log.' })
  deleteWebhook(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  /** Send a test notification to a webhook through the usual delivery job; see its delivery log for the outcome. */
  @Roles('admin')
  @Post('webhooks/:id/test')
  @HttpCode(202)
  testWebhook(@IdParam() id: string): Promise<WebhookTest> {
    return this.webhooks.sendTest(id);
  }

  /** The latest 100 deliveries of a webhook. */
  @Roles('admin')
  @Get('webhooks/:id/deliveries')
  webhookDeliveries(@IdParam() id: string): Promise<WebhookDelivery[]> {
    return this.webhooks.deliveries(id);
  }
}

import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type {
  InboxParams,
  WebhookActiveBody,
  WebhookBody,
  WebhookEditBody,
  WebhookListParams,
} from '@app/contract';
import { MAX_OUTBOUND_URL_LENGTH } from '@app/domain';
import { PageQuery } from '../tasks/list-query.dto';

export class InboxQuery extends PageQuery implements InboxParams {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;

  /** A kind or a family of kinds (lower-case words and dots). */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,40}(\.[a-z_]{1,40})?$/)
  kind?: string;
}

export class WebhookDto implements WebhookBody {
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,16}$/)
  orgCode: string;

  /** Checked as a whole by the webhook service (scheme, credentials, where it may point), which names the problem. */
  @IsString()
  @MaxLength(MAX_OUTBOUND_URL_LENGTH)
  url: string;
}

export class WebhookQuery implements WebhookListParams {
  @IsOptional()
  @IsString()
  orgCode?: string;
}

export class WebhookActiveDto implements WebhookActiveBody {
  @IsBoolean()
  active: boolean;
}

export class WebhookEditDto implements WebhookEditBody {
  /** Checked as at registration. */
  @IsString()
  @MaxLength(MAX_OUTBOUND_URL_LENGTH)
  url: string;
}

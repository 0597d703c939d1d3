import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { BATCH_MAX_ITEMS, type BatchReviewBody, type BatchSignBody } from '@app/contract';
import { UniqueItems } from '../http/unique-items';
import { ReviewDecisionDto, VersionDto } from './transition.dto';

export class BatchSignItemDto extends VersionDto {
  @IsUUID()
  id: string;
}

/** 1–50 distinct assignments (the service names a repeated id). */
export class BatchSignDto implements BatchSignBody {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BATCH_MAX_ITEMS)
  // ValidateNested validates an array in an item's place as a list of items: an item must be an object.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => BatchSignItemDto)
  items: BatchSignItemDto[];
}

export class BatchReviewDto extends ReviewDecisionDto implements BatchReviewBody {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BATCH_MAX_ITEMS)
  @UniqueItems()
  @IsUUID('all', { each: true })
  assignmentIds: string[];
}

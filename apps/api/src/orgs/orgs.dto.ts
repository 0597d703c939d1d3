import { IsIn, IsOptional } from 'class-validator';
import { ORG_KINDS, type OrgKind, type OrgListParams } from '@app/contract';

export class OrgQuery implements OrgListParams {
  @IsOptional()
  @IsIn(ORG_KINDS)
  kind?: OrgKind;
}

import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { JsonPage } from '@app/persistence';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/**
 * Sends a JsonPage (a list page whose rows PostgreSQL wrote as JSON) as the text it already is,
 * `application/json`, instead of letting Express serialise it: the rows are never parsed here.
 */
@Injectable()
export class JsonPageInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value) => {
        if (!(value instanceof JsonPage)) return value;
        ctx.switchToHttp().getResponse<Response>().type('application/json');
        return value.body;
      }),
    );
  }
}

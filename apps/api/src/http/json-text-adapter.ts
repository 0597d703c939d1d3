import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { jsonTextOf } from '@app/persistence';

/**
 * Nest's Express adapter, except that an answer whose JSON PostgreSQL already wrote (withJsonText,
 * libs/persistence/src/json-text.ts) is sent as that text instead of going through `res.json`. Every
 * other answer goes the usual way; the headers are those `res.json` sets.
 */
export class JsonTextExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    const text = jsonTextOf(body);
    if (text === undefined) return super.reply(response, body, statusCode);
    if (statusCode) response.status(statusCode);
    if (!response.get('Content-Type')) response.set('Content-Type', 'application/json; charset=utf-8');
    return response.send(text);
  }
}

import { RequestMethod, type INestApplication } from '@nestjs/common';

/** Everything under /api except the operations endpoints (API.md): the server and the OpenAPI generator alike. */
export function useRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
}

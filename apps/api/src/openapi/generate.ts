import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { useRoutePrefix } from '../http/route-prefix';
import { buildOpenApiDocument } from './document';

/**
 * The document as checked in, built without PostgreSQL or Redis: the application is created in
 * preview mode, which registers the modules and routes but instantiates no provider, so nothing
 * connects. Printed on stdout for scripts/openapi.mjs (`npm run openapi`), which writes or checks docs/openapi.json.
 */
export async function generatedDocument(): Promise<string> {
  const app = await NestFactory.create(AppModule, new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  useRoutePrefix(app);
  const document = await buildOpenApiDocument(app);
  await app.close();
  return JSON.stringify(document, null, 2) + '\n';
}

if (require.main === module) {
  generatedDocument()
    .then((text) => process.stdout.write(text))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}

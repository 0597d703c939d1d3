import { Global, Module } from '@nestjs/common';
import { AppConfig, readProcessConfig, requireDatabaseUrl } from './app-config';

/** Provides the validated AppConfig (with a DATABASE_URL); the only place that reads the process environment. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => requireDatabaseUrl(readProcessConfig()) }],
  exports: [AppConfig],
})
export class ConfigModule {}

import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@liaison/audit';
import { CoreModule, type CoreOptions } from '@liaison/core';
import { DemoModule } from '@liaison/demo';
import { DirectoryModule } from '@liaison/directory';
import { IdentityModule } from '@liaison/identity';
import { MessagingModule } from '@liaison/messaging';
import { NoticesModule } from '@liaison/notices';
import { OutreachModule } from '@liaison/outreach';
import { PlanningModule } from '@liaison/planning';
import { PrivacyModule } from '@liaison/privacy';

/** The API process: core plus every bounded context, and the demo workspace's seeding. */
@Module({})
export class AppModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        AuditModule,
        IdentityModule,
        DirectoryModule,
        MessagingModule,
        NoticesModule,
        PlanningModule,
        OutreachModule,
        PrivacyModule,
        DemoModule,
      ],
    };
  }
}

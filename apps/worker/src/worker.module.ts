import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule, type CoreOptions } from '@liaison/core';
import { DirectoryModule } from '@liaison/directory';
import { IdentityModule } from '@liaison/identity';
import { MessagingModule } from '@liaison/messaging';
import { NoticesModule } from '@liaison/notices';
import { OutreachModule } from '@liaison/outreach';
import { PlanningModule } from '@liaison/planning';
import { PrivacyModule } from '@liaison/privacy';

/** The worker process: core (with the job queue consuming) plus the contexts that handle jobs. */
@Module({})
export class WorkerModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot({ ...options, runsJobs: true }),
        IdentityModule,
        DirectoryModule,
        MessagingModule,
        NoticesModule,
        PlanningModule,
        OutreachModule,
        PrivacyModule,
      ],
    };
  }
}

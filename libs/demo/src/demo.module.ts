import { Module } from '@nestjs/common';
import { DirectoryModule } from '@liaison/directory';
import { IdentityModule } from '@liaison/identity';
import { OutreachModule } from '@liaison/outreach';
import { PlanningModule } from '@liaison/planning';
import { DemoSeedService } from './demo-seed.js';
import { DemoSignIn } from './demo-sign-in.js';
import { DirectoryDemoSeeder } from './seeders/directory-seeder.js';
import { IdentityDemoSeeder } from './seeders/identity-seeder.js';
import { OutreachDemoSeeder } from './seeders/outreach-seeder.js';
import { PlanningDemoSeeder } from './seeders/planning-seeder.js';

/**
 * The fictional demo workspace: its data, and the seeding that hands each context its share
 * through the context's seeding port (`DemoSeedService.seedOnce`). The API imports it; in a demo
 * workspace it also puts the demo accounts on the sign-in page.
 */
@Module({
  imports: [IdentityModule, DirectoryModule, PlanningModule, OutreachModule],
  providers: [
    DirectoryDemoSeeder,
    IdentityDemoSeeder,
    PlanningDemoSeeder,
    OutreachDemoSeeder,
    DemoSeedService,
    DemoSignIn,
  ],
  exports: [DemoSeedService],
})
export class DemoModule {}

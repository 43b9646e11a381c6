import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { RealtimeGateway, validatePayload } from '@liaison/core';
import { plannerOf, planRoom } from '../access.js';
import { PlansService } from './plans.service.js';

class PlanRefDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() planId: string;
}

/**
 * `plan.subscribe` joins the plan's room after checking that the caller may see the plan (404
 * otherwise); `item.updated` and `plan.updated` then arrive there. When who may see a plan
 * changes, its room is emptied and clients subscribe again.
 */
@Injectable()
export class PlansRealtime implements OnModuleInit {
  constructor(
    private readonly gateway: RealtimeGateway,
    private readonly plans: PlansService,
  ) {}

  onModuleInit(): void {
    this.gateway.handle('plan.subscribe', async (user, payload, socket) => {
      const { planId } = await validatePayload(PlanRefDto, payload);
      const plan = await this.plans.get(plannerOf(user), planId);
      await socket.join(planRoom(planId));
      return { plan };
    });

    this.gateway.handle('plan.unsubscribe', async (_user, payload, socket) => {
      const { planId } = await validatePayload(PlanRefDto, payload);
      await socket.leave(planRoom(planId));
      return {};
    });
  }
}

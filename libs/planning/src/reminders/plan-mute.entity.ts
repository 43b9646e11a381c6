import { Entity, PrimaryColumn } from 'typeorm';

/** A plan a person does not want reminders or digests about. */
@Entity({ name: 'plan_mute' })
export class PlanMute {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('uuid', { name: 'plan_id' })
  planId: string;
}

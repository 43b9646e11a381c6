import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type DataSubject,
  type ErasureRun,
  PersonalDataHolder,
  PersonalDataRegistry,
  type PersonalDataSection,
  subjectTerms,
} from '@liaison/core';
import { PlanningPrivacyRepository } from './planning-privacy.repository.js';

/** Planning's part in a person's export and erasure: groups, assignments, comments. */
@Injectable()
export class PlanningPersonalData extends PersonalDataHolder implements OnModuleInit {
  readonly context = 'planning';

  constructor(
    private readonly repo: PlanningPrivacyRepository,
    private readonly registry: PersonalDataRegistry,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(subject: DataSubject): Promise<PersonalDataSection> {
    if (!subject.userId) return { counts: {}, data: {} };
    const data = await this.repo.export(subject.userId);
    return {
      counts: {
        workingGroups: data.groups.length,
        assignments: data.assignments.length,
        comments: data.comments.length,
      },
      data,
    };
  }

  async erase({ subject, pseudonym, manager }: ErasureRun): Promise<Record<string, number>> {
    // Free text naming them (anyone's: items, plans, groups, comments, histories) names the
    // pseudonym instead.
    const rewritten = await this.repo.rewriteFreeText(manager, subjectTerms(subject), pseudonym);
    const textChanged = Object.values(rewritten).some((n) => n > 0);
    await this.repo.retireViews(manager, subject.userId, textChanged);
    const counts = subject.userId ? await this.repo.erase(manager, subject.userId) : {};
    return {
      ...counts,
      commentsRewritten: rewritten.action_item_comment,
      historyRewritten: rewritten.action_item_activity,
      itemsRewritten: rewritten.action_item,
      plansRewritten: rewritten.action_plan,
      groupsRewritten: rewritten.working_group,
    };
  }
}

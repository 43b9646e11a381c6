import { Controller, Get, type OnModuleInit, Query } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsEmail, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, InvalidInputError, PeopleVisibility } from '@liaison/core';
import { UsersRepository } from './users.repository.js';

export class PeopleQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name or e-mail (at least 2 characters)' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'Comma-separated user ids (at most 100)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'ids must be user ids' })
  ids?: string[];

  @ApiPropertyOptional({ description: 'An exact sign-in e-mail (a directory contact’s, say)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== undefined)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Null for someone whose directory entry the caller may not see (their name only)',
  })
  email: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) organisationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) organisationName: string | null;
}

export class PeopleDto {
  @ApiProperty({ type: [PersonDto] }) items: PersonDto[];
}

/**
 * The people of the network who have an account (active users): names to show in threads and to
 * pick when starting one. Any signed-in member may look people up, as in the directory, and finds
 * by name or e-mail only those whose directory entry they may see (the directory's
 * PeopleVisibility). Looking up ids answers everyone's name (ids come from threads, groups and
 * plans the caller shares with those people, and their names must show there), but nothing more
 * of someone whose entry is hidden from the caller.
 */
@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController implements OnModuleInit {
  private visibility!: PeopleVisibility;

  constructor(
    private readonly users: UsersRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Looked up, not injected: the directory depends on identity, not the other way round. */
  onModuleInit(): void {
    this.visibility = this.moduleRef.get(PeopleVisibility, { strict: false });
  }

  @Get()
  @ApiOperation({ summary: 'Find people' })
  @ApiOkResponse({ type: PeopleDto })
  async find(@CurrentUser() user: AuthenticatedUser, @Query() query: PeopleQueryDto): Promise<PeopleDto> {
    const given = [query.q, query.ids, query.email].filter((v) => v !== undefined).length;
    if (given !== 1) throw new InvalidInputError([{ field: 'q', reasons: ['give exactly one of q, ids or email'] }]);
    const items: PersonDto[] = await this.users.activePeople(
      query.q !== undefined ? { q: query.q } : query.ids ? { ids: query.ids } : { email: query.email! },
    );
    const hidden = await this.visibility.hiddenEmails(
      user,
      items.map((p) => ({ email: p.email!, organisationId: p.organisationId })),
    );
    const isHidden = (p: PersonDto) => hidden.has(p.email!.toLowerCase());
    // An id comes from something the caller shares with that person (a thread, a group, a plan):
    // the name shows there, nothing the directory hides about them.
    if (query.ids)
      return {
        items: items.map((p) =>
          isHidden(p)
            ? { id: p.id, displayName: p.displayName, email: null, organisationId: null, organisationName: null }
            : p,
        ),
      };
    return { items: items.filter((p) => !isHidden(p)) };
  }
}

import { createHash } from 'node:crypto';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig, type AuthenticatedUser, CurrentUser, DEFAULT_PAGE_SIZE } from '@liaison/core';
import { ContactPageDto, ContactQueryDto, filtersOf, toSummaryFromRow } from '../contacts/contacts.dto.js';
import { ViewerService } from '../viewer.js';
import { type ContactSearchResult, ContactSearchService } from './contact-search.service.js';

/** A page of search results as sent. */
interface SearchPage {
  json: Buffer;
  etag: string;
}

/**
 * Searching the directory. The operationId is the one it had in ContactsController, before the
 * contacts' routes were split by feature, so the API's contract stays the same.
 */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class ContactSearchController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly searches: ContactSearchService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Contacts by name (any script; typos, accents and transliteration tolerated), organisation,
   * position and expertise, with filters and facet counts; only what the caller may see.
   */
  @Get('contacts')
  @ApiOperation({ summary: 'Search contacts', operationId: 'ContactsController_search' })
  @ApiOkResponse({ type: ContactPageDto })
  async search(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ContactQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const viewer = await this.viewers.resolve(user);
    const result = await this.searches.search(
      viewer,
      { ...filtersOf(query), page: query.page ?? 1, limit: query.limit ?? DEFAULT_PAGE_SIZE },
      req.ip ?? null,
    );
    const page = this.page(result);
    res.type('application/json').setHeader('ETag', page.etag);
    res.send(page.json);
  }

  /** The page as JSON and its ETag (a client holding the same page gets 304). */
  private page(result: ContactSearchResult): SearchPage {
    const items = result.items ?? [];
    const empty = { country: {}, region: {}, kind: {}, mandate: {}, language: {}, expertise: {}, status: {} };
    const body: ContactPageDto = {
      total: result.total,
      items: items.map((row) => ({
        ...toSummaryFromRow(row, this.config.confirmAfterDays),
        highlights: result.highlights[row.id],
      })),
      facets: Object.fromEntries(
        Object.keys(empty).map((k) => [k, result.facets?.[k as keyof typeof empty] ?? {}]),
      ) as unknown as ContactPageDto['facets'],
    };
    const json = Buffer.from(JSON.stringify(body));
    return { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
  }
}

import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** The highest page number a list accepts (beyond it no list has anything, and the offset overflows). */
export const MAX_PAGE_NUMBER = 10_000;
/** The highest offset a list accepts. */
export const MAX_OFFSET = 1_000_000;

/** The optional `page` query parameter of the paged lists (1..MAX_PAGE_NUMBER, default 1). */
export const PageNumber = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_NUMBER, default: 1 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_NUMBER),
  );

/** The optional `offset` query parameter of the lists read by offset (0..MAX_OFFSET). */
export const PageOffset = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 0, maximum: MAX_OFFSET }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
    Max(MAX_OFFSET),
  );

/** The optional `limit` query parameter of every list (1..100, default 25). */
export const PageLimit = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );

import type { ValidationError } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { createValidationPipe, flattenValidationErrors } from './validation.pipe.js';

describe('flattenValidationErrors', () => {
  it('names nested fields with dotted paths and keeps every reason', () => {
    const errors = [
      {
        property: 'name',
        constraints: { isString: 'name must be a string', isNotEmpty: 'name should not be empty' },
        children: [],
      },
      {
        property: 'delegation',
        children: [
          {
            property: '0',
            children: [
              { property: 'level', constraints: { isIn: 'level must be one of ministerial, expert' }, children: [] },
            ],
          },
        ],
      },
    ] as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', reasons: ['name must be a string', 'name should not be empty'] },
      { field: 'delegation.0.level', reasons: ['level must be one of ministerial, expert'] },
    ]);
  });
});

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsString({ each: true })
  country?: string[];
}

describe('createValidationPipe', () => {
  const query = { type: 'query' as const, metatype: PageQuery };

  it('hands out a query that passed again, frozen, and validates every other query', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ page: '2', country: 'PL,DE' }, query)) as PageQuery;
    expect(first).toBeInstanceOf(PageQuery);
    expect(first).toEqual({ page: 2, country: ['PL', 'DE'] });
    expect(await pipe.transform({ page: '2', country: 'PL,DE' }, query)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.country)).toBe(true);
    expect(await pipe.transform({ page: '3' }, query)).toEqual({ page: 3 });
  });

  it('refuses a bad query every time, and never keeps bodies', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++)
      await expect(pipe.transform({ page: '0', extra: 'x' }, query)).rejects.toMatchObject({
        details: expect.arrayContaining([
          expect.objectContaining({ field: 'page' }),
          expect.objectContaining({ field: 'extra' }),
        ]),
      });
    const body = { type: 'body' as const, metatype: PageQuery };
    const a = await pipe.transform({ page: 2 }, body);
    expect(await pipe.transform({ page: 2 }, body)).not.toBe(a);
  });
});

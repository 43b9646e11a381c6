import type { ValidationError } from '@nestjs/common';
import { Expose, Transform, Type } from 'class-transformer';
import {
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { compiledCheck, createValidationPipe, flattenValidationErrors, validatePayload } from './validation.pipe.js';

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

  it('turns a query that passes into its DTO, each time afresh', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ page: '2', country: 'PL,DE' }, query)) as PageQuery;
    expect(first).toBeInstanceOf(PageQuery);
    expect(first).toEqual({ page: 2, country: ['PL', 'DE'] });
    const again = await pipe.transform({ page: '2', country: 'PL,DE' }, query);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(await pipe.transform({ page: '3' }, query)).toEqual({ page: 3 });
  });

  it('refuses a bad query every time', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++)
      await expect(pipe.transform({ page: '0', extra: 'x' }, query)).rejects.toMatchObject({
        details: expect.arrayContaining([
          expect.objectContaining({ field: 'page' }),
          expect.objectContaining({ field: 'extra' }),
        ]),
      });
  });
});

class SendPayload {
  @IsUUID() threadId: string;
  @Length(1, 8) @Matches(/^[a-z0-9-]+$/) clientMessageId: string;
  @IsInt() @Min(1) @Max(100) epoch: number;
  @IsISO8601({ strict: true }) @MaxLength(40) sentAt: string;
  @IsOptional() @IsString() note?: string = 'none';
}

class Undecorated {
  @IsInt() seq: number;
  kept = 'default';
}

class Nested {
  @ValidateNested() @Type(() => SendPayload) inner: SendPayload;
}

class Converted {
  @Type(() => Number) @IsInt() seq: number;
}

class Exposing {
  @IsInt() seq: number;
  @Expose() extra?: string;
}

class WithAccessor {
  @IsInt() get seq(): number {
    return 1;
  }
}

describe('compiledCheck', () => {
  const valid = {
    threadId: '0b5c7a4e-3a1f-4c1e-9d2a-6f1e2d3c4b5a',
    clientMessageId: 'abc-1',
    epoch: 3,
    sentAt: '2026-11-29T10:00:00.000Z',
  };
  const pipe = createValidationPipe();
  const viaPipe = (payload: object) =>
    pipe.transform(payload, { type: 'body', metatype: SendPayload }).then(
      (v) => v as object,
      () => undefined,
    );

  it('answers what the pipe answers for well-formed payloads, and nothing for any the pipe refuses', async () => {
    const check = compiledCheck(SendPayload)!;
    const payloads: Record<string, unknown>[] = [
      valid,
      { ...valid, note: 'hello' },
      { ...valid, note: undefined },
      { ...valid, threadId: 'not-a-uuid' },
      { ...valid, clientMessageId: '' },
      { ...valid, clientMessageId: 'UPPER' },
      { ...valid, clientMessageId: 'far-too-long' },
      { ...valid, epoch: 0 },
      { ...valid, epoch: 1.5 },
      { ...valid, epoch: '3' },
      { ...valid, sentAt: '2026-02-30T10:00:00Z' },
      { ...valid, sentAt: 'yesterday' },
      { ...valid, note: 7 },
      { ...valid, note: { toString: 'x' } },
      { ...valid, extra: true },
      { ...valid, kept: 'own' },
      JSON.parse(`{"__proto__": {"polluted": true}, "threadId": "${valid.threadId}"}`) as Record<string, unknown>,
      { threadId: valid.threadId },
      {},
    ];
    for (const payload of payloads) {
      const fast = check(payload);
      const full = await viaPipe(payload);
      if (fast) {
        expect(full).toBeDefined();
        expect(fast).toBeInstanceOf(SendPayload);
        expect({ ...fast }).toEqual({ ...full });
      }
      // Every payload the pipe takes is one the check takes (no needless detour).
      if (full) expect(fast).toBeDefined();
    }
    expect(check(valid)).toEqual(Object.assign(new SendPayload(), valid));
    expect(check({ ...valid, epoch: 0 })).toBeUndefined();
  });

  it('is not made for classes the pipe converts or validates in depth', () => {
    expect(compiledCheck(Nested)).toBeNull();
    expect(compiledCheck(Converted)).toBeNull();
    expect(compiledCheck(Exposing)).toBeNull();
    expect(compiledCheck(WithAccessor)).toBeNull();
  });

  it('takes nothing for a class with an undecorated field, as the pipe (whose whitelist sees the instance)', async () => {
    expect(compiledCheck(Undecorated)?.({ seq: 1 })).toBeUndefined();
    await expect(validatePayload(Undecorated, { seq: 1 })).rejects.toMatchObject({
      details: [{ field: 'kept', reasons: ['kept should not exist'] }],
    });
  });

  it('lets validatePayload answer field-level reasons for what the check does not take', async () => {
    await expect(validatePayload(SendPayload, valid)).resolves.toBeInstanceOf(SendPayload);
    await expect(validatePayload(SendPayload, { ...valid, epoch: 0, extra: 1 })).rejects.toMatchObject({
      details: [
        { field: 'extra', reasons: ['extra should not exist'] },
        { field: 'epoch', reasons: ['epoch must not be less than 1'] },
      ],
    });
  });
});

import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { createValidationPipe, inputShapeProblem, toErrorBody } from '@liaison/core';
import { oddString, oddValue } from '../support/fuzz.js';
import { aUser, type TestUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/**
 * Fuzzing with fast-check: every body and query DTO of every route gets random and boundary
 * input (wrong types, deep nesting, huge and odd strings, lone surrogates, numbers at the
 * limits), through the same checks as a request (the input shape, then the validation pipe):
 * each input is accepted or refused with a 400, never anything else. Then every route of the
 * running server gets random bodies: no 5xx, and the process keeps serving.
 *   FUZZ_RUNS (default 2,000 in the suite; `node bench/fuzz.mjs` runs 10,000 and more) inputs per DTO;
 *   FUZZ_HTTP_RUNS (default 10) bodies per route.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 10);

type Dto = new () => object;

/** Every body and query DTO class of the routes Nest serves. */
function discoverDtos(api: TestApi): { dto: Dto; type: 'body' | 'query' }[] {
  const found = new Map<Dto, 'body' | 'query'>();
  for (const module of api.app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => object) | null;
      if (!type) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (typeof Object.getOwnPropertyDescriptor(type.prototype, name)?.value !== 'function') continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {}) as Record<string, { index: number }>;
        const types = (Reflect.getMetadata('design:paramtypes', type.prototype, name) ?? []) as unknown[];
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          const param = types[arg.index];
          if (typeof param !== 'function' || (kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY))
            continue;
          if (getMetadataStorage().getTargetValidationMetadatas(param, '', true, false).length === 0) continue;
          found.set(param as Dto, kind === RouteParamtypes.BODY ? 'body' : 'query');
        }
      }
    }
  return [...found].map(([dto, type]) => ({ dto, type }));
}

/** Inputs for one DTO: anything at all, or its own fields with odd values (queries: strings only). */
function inputsFor(dto: Dto, type: 'body' | 'query'): fc.Arbitrary<unknown> {
  const fields = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
  const fieldValue = type === 'query' ? fc.oneof(oddString, fc.array(oddString, { maxLength: 3 })) : oddValue;
  const own = fc.record(Object.fromEntries(fields.map((f) => [f, fieldValue])), { requiredKeys: [] });
  return fc.oneof(
    own,
    own,
    fc.anything({ maxDepth: 3 }),
    fc.constant(JSON.parse('{"a":'.repeat(60) + '1' + '}'.repeat(60))),
  );
}

describe('fuzzing every input', () => {
  let api: TestApi;
  let secretariat: TestUser;
  beforeAll(async () => {
    // One person sends hundreds of bodies a minute here: far past the write limit, which would
    // answer most of them 429 before their routes see them.
    api = await startTestApi({ WRITES_PER_MINUTE: '0' });
    secretariat = await aUser(api, { role: 'secretariat' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('accepts or refuses with a 400 every input of every body and query DTO, nothing else', async () => {
    const pipe = createValidationPipe();
    const dtos = discoverDtos(api);
    expect(dtos.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let tried = 0;
    for (const { dto, type } of dtos) {
      await fc
        .assert(
          fc.asyncProperty(inputsFor(dto, type), async (input) => {
            tried++;
            if (inputShapeProblem(input)) return true; // a 400 before any DTO sees it
            try {
              await pipe.transform(input, { type, metatype: dto });
            } catch (err) {
              if (toErrorBody(err).statusCode === 400) return true;
              failures.push(`${dto.name} (${type}): ${String(err)} for ${JSON.stringify(input)?.slice(0, 200)}`);
              return false;
            }
            return true;
          }),
          { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261207), endOnFailure: true },
        )
        .catch(() => undefined);
    }
    console.log(`fuzzing: ${dtos.length} DTOs, ${tried} inputs (${RUNS} per DTO), ${failures.length} not a 400`);
    expect(failures).toEqual([]);
  }, 600_000);

  it('answers random bodies on every route without a 5xx, and keeps serving', async () => {
    // The previous test kept this connection idle past the server's keep-alive: one retry.
    const docs = await api.json('GET', '/api/docs-json').catch(() => api.json('GET', '/api/docs-json'));
    const spec = docs.body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path: path.replace(/\{[^}]+\}/g, crypto.randomUUID()) })),
    );
    const bodies = fc.sample(oddValue, { numRuns: HTTP_RUNS * routes.length, seed: 7 });
    const failures: string[] = [];
    let sent = 0;
    for (const [i, route] of routes.entries()) {
      if (route.path.endsWith('/auth/logout')) continue; // ends the caller's own session
      for (let j = 0; j < HTTP_RUNS; j++) {
        const body = bodies[i * HTTP_RUNS + j];
        const res = await api.fetch(route.path, {
          method: route.method,
          headers: { ...secretariat.auth, 'content-type': 'application/json' },
          body: JSON.stringify(body) ?? 'null',
        });
        await res.arrayBuffer();
        sent++;
        if (res.status >= 500)
          failures.push(`${route.method} ${route.path}: ${res.status} for ${JSON.stringify(body)?.slice(0, 200)}`);
      }
    }
    console.log(`fuzzing over HTTP: ${routes.length} routes, ${sent} requests, ${failures.length} 5xx`);
    expect(failures).toEqual([]);
    expect((await api.json('GET', '/api/v1/system/info')).status).toBe(200);
  }, 600_000);
});

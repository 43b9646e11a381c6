import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { IS_PUBLIC_KEY } from '../auth/auth.decorators.js';
import { APP_VERSION } from '../config/project-root.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The operationIds (`Controller_method`, @nestjs/swagger's default) of the routes marked @Public().
 * The deny-by-default guard reads the same metadata, so the document's `security` follows it.
 */
function publicOperationIds(app: INestApplication): Set<string> {
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type?.prototype) continue;
      const classPublic = Reflect.getMetadata(IS_PUBLIC_KEY, type) === true;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        if (name === 'constructor') continue;
        const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value;
        if (typeof handler !== 'function') continue;
        if (classPublic || Reflect.getMetadata(IS_PUBLIC_KEY, handler) === true) ids.add(`${type.name}_${name}`);
      }
    }
  }
  return ids;
}

/** The OpenAPI document of the running application (committed as openapi.json). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Liaison API')
    .setDescription(
      'Secure cooperation workspace: directory of points of contact, end-to-end encrypted threads, ' +
        "shared action plans and the secretariat's announcements. Errors always have the shape " +
        '{ statusCode, error, message, details?, requestId }.',
    )
    .setVersion(APP_VERSION)
    .setLicense('UNLICENSED', '')
    // Paths carry the global prefix (/api/v1) themselves, and the health probes sit outside it:
    // the server is the origin that serves the document.
    .addServer('/', 'The Liaison instance serving this document')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  delete document.info.license?.url;

  // Every failure answers with one shape (libs/core/src/errors/error-body.ts).
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    FieldError: {
      type: 'object',
      required: ['field', 'reasons'],
      properties: { field: { type: 'string' }, reasons: { type: 'array', items: { type: 'string' } } },
    },
    ErrorBody: {
      type: 'object',
      required: ['statusCode', 'error', 'message'],
      properties: {
        statusCode: { type: 'integer' },
        error: { type: 'string', description: 'The HTTP reason phrase' },
        message: { type: 'string', description: 'What went wrong, for people' },
        code: { type: 'string', description: 'A stable code for programs, when there is one' },
        details: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
        context: { type: 'object', additionalProperties: true, description: 'Facts the caller needs to recover' },
        requestId: { type: 'string' },
      },
    },
  };
  document.components.responses = {
    ...document.components.responses,
    Error: {
      description: 'The request failed (bad input, not signed in, not allowed, not found, conflict…)',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    },
  };

  const open = publicOperationIds(app);
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // @Public() routes answer anonymous callers; every other route needs a bearer session.
      operation.security = operation.operationId && open.has(operation.operationId) ? [] : [{ bearer: [] }];
      if (!Object.keys(operation.responses ?? {}).some((status) => status.startsWith('4'))) {
        operation.responses = { ...operation.responses, '4XX': { $ref: '#/components/responses/Error' } };
      }
    }
  }
  return document;
}

/** Serves the document at /api/docs (UI) and /api/docs-json. */
export function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
}

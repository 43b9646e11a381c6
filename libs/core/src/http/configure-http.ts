import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { logUrl } from './log-url.js';
import { inputShapeProblem } from '../validation/input-shape.js';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../config/project-root.js';
import { InvalidInputError, toErrorBody } from '../errors/error-body.js';
import { requestContext } from '../logging/logger.js';
import { setUpOpenApi } from '../openapi/openapi.js';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '256kb';
/** The larger bound for routes that carry whole encrypted group changes (an MLS commit with its Welcome). */
export const LARGE_BODY_LIMIT = '4mb';
const largeJsonRoutes: RegExp[] = [];

/** Lets a context's route take JSON bodies up to LARGE_BODY_LIMIT (registered when its module loads). */
export function allowLargeJson(path: RegExp): void {
  if (!largeJsonRoutes.some((r) => r.source === path.source)) largeJsonRoutes.push(path);
}
/** Paths the browser client does not own. */
const SERVER_PATHS = /^\/(api|health|socket\.io)(\/|$)/;
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Where the built web client lives. */
export const WEB_DIST = join(PROJECT_ROOT, 'dist', 'web');

/**
 * HTTP conventions shared by every process that serves HTTP: security headers, request ids,
 * structured request logs, bounded JSON bodies with errors in the common shape, the API prefix,
 * OpenAPI, and the web client with client-side routing.
 */
export function configureHttp(app: INestApplication, logger: Logger): void {
  const server = app as NestExpressApplication;
  server.disable('x-powered-by');
  server.set('trust proxy', 'loopback');

  server.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          // Mantine writes its CSS variables in a <style> element at run time.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'"],
          // Nobody frames Liaison's pages (clickjacking), not even Liaison.
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );

  // What the API answers is personal or restricted: no browser or proxy keeps it (ASVS 8.2.1).
  // Routes may still answer ETags and 304s to a client that revalidates on its own.
  server.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  server.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    req.id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', req.id);
    requestContext.run({ requestId: req.id }, next);
  });
  server.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as Request & { id: string }).id,
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/') },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: logUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  server.use(cookieParser());
  // The large-body parser reads only the routes registered for it; the other parser skips a parsed body.
  server.use(
    express.json({
      limit: LARGE_BODY_LIMIT,
      // Only for a caller presenting a bearer token: an anonymous request is not worth reading 4 MB of.
      type: (req) =>
        /json/i.test(String(req.headers['content-type'] ?? '')) &&
        /^Bearer ./.test(String(req.headers.authorization ?? '')) &&
        largeJsonRoutes.some((r) => r.test((req as Request).path ?? (req as Request).url)),
    }),
  );
  server.use(express.json({ limit: BODY_LIMIT }));
  server.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  // What no route accepts (deep nesting, text that is not well-formed Unicode), before any DTO.
  server.use((req: Request, _res: Response, next: NextFunction) => {
    const problem = inputShapeProblem(req.body) ?? inputShapeProblem(req.query);
    next(problem ? new InvalidInputError([problem]) : undefined);
  });
  // Body-parser failures never reach Nest's filters; answer them in the same shape here.
  server.use((err: unknown, req: Request & { id?: string }, res: Response, next: NextFunction) => {
    if (!err) return next();
    const body = toErrorBody(err);
    if (body.statusCode >= 500) logger.error({ err }, 'request failed before routing');
    res.status(body.statusCode).json({ ...body, requestId: req.id });
  });

  if (existsSync(WEB_DIST)) {
    const assets = express.static(WEB_DIST, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, path) => {
        if (path.includes(`${join('web', 'assets')}`))
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    });
    // API routes never look at the disk (a file lookup per request was 7 % of a search's CPU).
    server.use((req: Request, res: Response, next: NextFunction) =>
      SERVER_PATHS.test(req.path) ? next() : assets(req, res, next),
    );
    server.use((req: Request, res: Response, next: NextFunction) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || !req.accepts('html'))
        return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(WEB_DIST, 'index.html'));
    });
  }

  server.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  setUpOpenApi(server);
}

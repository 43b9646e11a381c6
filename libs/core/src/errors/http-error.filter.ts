import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { toErrorBody } from './error-body.js';

/** The single place where failures become HTTP responses. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = toErrorBody(exception);
    body.requestId = request.id;
    if (body.code === 'busy') this.logger.warn({ err: exception, requestId: request.id }, 'database saturated');
    else if (body.statusCode >= 500) this.logger.error({ err: exception, requestId: request.id }, 'request failed');
    if (response.headersSent) return;
    // A 429 or 503 that says when to come back says it in the header too (RFC 9110 10.2.3).
    const retryAfter = body.details?.find((d) => d.field === 'retryAfterSeconds')?.reasons[0];
    if ((body.statusCode === 429 || body.statusCode === 503) && retryAfter)
      response.setHeader('Retry-After', retryAfter);
    response.status(body.statusCode).json(body);
  }
}

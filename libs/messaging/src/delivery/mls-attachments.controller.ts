import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Put, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { AttachmentDto } from './delivery.dto.js';
import { MlsAttachmentsService } from './mls-attachments.service.js';

/** Encrypted attachments of MLS threads: the client encrypts, the server streams bytes it cannot open. */
@ApiTags('threads')
@ApiBearerAuth()
@Controller('threads/:id/attachments')
export class MlsAttachmentsController {
  constructor(private readonly attachments: MlsAttachmentsService) {}

  /** The body is the attachment's ciphertext (application/octet-stream only: 415 otherwise), streamed to storage. */
  @Put(':attachmentId')
  @ApiOperation({ summary: 'Upload an attachment' })
  @HttpCode(201)
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: AttachmentDto })
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) threadId: string,
    @Param('attachmentId', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ): Promise<AttachmentDto> {
    const length = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
    try {
      const row = await this.attachments.upload(user.id, threadId, id, req, {
        length: Number.isFinite(length) ? length : null,
        contentType: req.headers['content-type'],
      });
      return { ...row, createdAt: new Date().toISOString() };
    } catch (err) {
      // The rest of a refused body is not read: the connection closes after the answer.
      if (!req.complete) req.res?.setHeader('Connection', 'close');
      throw err;
    }
  }

  @Get(':attachmentId')
  @ApiOperation({ summary: 'Download an attachment' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The ciphertext' })
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) threadId: string,
    @Param('attachmentId', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const { stream, size, row } = await this.attachments.download(user.id, threadId, id);
    res.status(200);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(size));
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-SHA256', row.sha256);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

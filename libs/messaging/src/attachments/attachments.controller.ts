import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { AttachmentsService } from './attachments.service.js';

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ description: 'Bytes of ciphertext' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the ciphertext, base64url' }) sha256: string;
  @ApiProperty() createdAt: string;
}

/** Encrypted attachments: the client encrypts, the server streams bytes it cannot open. */
@ApiTags('threads')
@ApiBearerAuth()
@Controller('threads/:threadId')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** The body is the attachment's ciphertext (application/octet-stream), streamed to storage. */
  @Put('attachments/:id')
  @HttpCode(201)
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: AttachmentDto })
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Param('threadId', new ParseUUIDPipe()) threadId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
  ): Promise<AttachmentDto> {
    const length = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
    let row;
    try {
      row = await this.attachments.upload(user.id, threadId, id, req, Number.isFinite(length) ? length : null);
    } catch (err) {
      // The rest of a refused body is not read: the connection closes after the answer.
      if (!req.complete) req.res?.setHeader('Connection', 'close');
      throw err;
    }
    return { id: row.id, threadId, size: row.size, sha256: row.sha256, createdAt: new Date().toISOString() };
  }

  @Get('attachments/:id')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The ciphertext' })
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @Param('threadId', new ParseUUIDPipe()) threadId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
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

  /** Deletes the thread for everyone, with its messages and attachments (admins of the thread). */
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse()
  async deleteThread(
    @CurrentUser() user: AuthenticatedUser,
    @Param('threadId', new ParseUUIDPipe()) threadId: string,
  ): Promise<void> {
    await this.attachments.deleteThread(user.id, threadId);
  }
}

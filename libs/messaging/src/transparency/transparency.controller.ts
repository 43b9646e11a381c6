import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { toB64 } from '@liaison/e2ee';
import { MessagingError } from '../errors.js';
import { KeyLogService } from './key-log.service.js';
import {
  AppendedDto,
  ClaimedKeyPackagesDto,
  ClaimKeyPackagesDto,
  ConsistencyDto,
  ConsistencyQueryDto,
  DEVICE_ID,
  EntriesQueryDto,
  HeadDto,
  HeadQueryDto,
  KeyPackageCountDto,
  LogEntriesDto,
  LogKeyDto,
  PublishDeviceDto,
  PublishIdentityDto,
  RevokeDeviceDto,
  UploadKeyPackagesDto,
} from './transparency.dto.js';

const deviceIdOf = (value: string): string => {
  if (!DEVICE_ID.test(value))
    throw new MessagingError('device_not_found', 'No such device of yours.', [
      { field: 'deviceId', reasons: ['8 to 64 letters, digits, "-" or "_"'] },
    ]);
  return value;
};

/**
 * Key transparency (protocol v2): anyone signed in reads the log, its heads and proofs; each
 * person appends their own identity key and devices and publishes their devices' KeyPackages;
 * anyone signed in claims KeyPackages to add people to a thread.
 */
@ApiTags('transparency')
@ApiBearerAuth()
@Controller()
export class TransparencyController {
  constructor(private readonly log: KeyLogService) {}

  @Get('transparency/key')
  @ApiOperation({ summary: 'Get the transparency log key' })
  @ApiOkResponse({ type: LogKeyDto })
  key(): LogKeyDto {
    return { logKey: toB64(this.log.logKey) };
  }

  @Get('transparency/head')
  @ApiOperation({ summary: 'Get the transparency log head' })
  @ApiOkResponse({ type: HeadDto })
  head(@Query() query: HeadQueryDto): Promise<HeadDto> {
    return this.log.head(query.knownSize);
  }

  @Get('transparency/consistency')
  @ApiOperation({ summary: 'Get a consistency proof' })
  @ApiOkResponse({ type: ConsistencyDto })
  consistency(@Query() query: ConsistencyQueryDto): Promise<ConsistencyDto> {
    return this.log.consistency(query.from, query.to);
  }

  @Get('transparency/users/:userId')
  @ApiOperation({ summary: "List a user's key log entries" })
  @ApiOkResponse({ type: LogEntriesDto })
  entries(@Param('userId', ParseUUIDPipe) userId: string, @Query() query: EntriesQueryDto): Promise<LogEntriesDto> {
    return this.log.entries(userId, query.size);
  }

  @Post('transparency/identity')
  @ApiOperation({ summary: 'Publish my identity key' })
  @ApiCreatedResponse({ type: AppendedDto })
  async publishIdentity(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: PublishIdentityDto,
    @Req() req: Request,
  ): Promise<AppendedDto> {
    const { position, head } = await this.log.publishIdentity(user, dto, req.ip ?? null);
    return { position, head };
  }

  @Post('transparency/devices')
  @ApiOperation({ summary: 'Publish a device key' })
  @ApiCreatedResponse({ type: AppendedDto })
  publishDevice(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: PublishDeviceDto,
    @Req() req: Request,
  ): Promise<AppendedDto> {
    return this.log.publishDevice(user, dto, req.ip ?? null);
  }

  @Post('transparency/devices/:deviceId/revoke')
  @ApiOperation({ summary: 'Revoke a device' })
  @HttpCode(200)
  @ApiOkResponse({ type: AppendedDto })
  revokeDevice(
    @CurrentUser() user: AuthenticatedUser,
    @Param('deviceId') deviceId: string,
    @Body() dto: RevokeDeviceDto,
    @Req() req: Request,
  ): Promise<AppendedDto> {
    return this.log.revokeDevice(user, deviceIdOf(deviceId), dto, req.ip ?? null);
  }

  @Put('devices/:deviceId/key-packages')
  @ApiOperation({ summary: 'Upload key packages' })
  @HttpCode(200)
  @ApiOkResponse({ type: KeyPackageCountDto })
  async uploadKeyPackages(
    @CurrentUser() user: AuthenticatedUser,
    @Param('deviceId') deviceId: string,
    @Body() dto: UploadKeyPackagesDto,
  ): Promise<KeyPackageCountDto> {
    return { available: await this.log.uploadKeyPackages(user, deviceIdOf(deviceId), dto.keyPackages) };
  }

  @Get('devices/:deviceId/key-packages')
  @ApiOperation({ summary: "Count a device's key packages" })
  @ApiOkResponse({ type: KeyPackageCountDto })
  async countKeyPackages(
    @CurrentUser() user: AuthenticatedUser,
    @Param('deviceId') deviceId: string,
  ): Promise<KeyPackageCountDto> {
    return { available: await this.log.availableKeyPackages(user, deviceIdOf(deviceId)) };
  }

  @Post('key-packages/claim')
  @ApiOperation({ summary: 'Claim key packages' })
  @HttpCode(200)
  @ApiOkResponse({ type: ClaimedKeyPackagesDto })
  claim(@CurrentUser() user: AuthenticatedUser, @Body() dto: ClaimKeyPackagesDto): Promise<ClaimedKeyPackagesDto> {
    return this.log.claimKeyPackages(user.id, dto.userIds, dto.devices);
  }
}

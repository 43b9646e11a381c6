import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser, Roles } from '@liaison/core';
import type { Mandate } from './mandate.entity.js';
import { MandatesService } from './mandates.service.js';

const CODE = /^[a-z][a-z0-9_]{1,40}$/;

export class MandateQueryDto {
  @ApiPropertyOptional({ description: 'Also list retired mandates' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRetired?: boolean;
}

export class CreateMandateDto {
  @ApiProperty({ example: 'victim_identification' })
  @Matches(CODE, { message: 'code must be lower-case letters, digits and underscores, like victim_identification' })
  code: string;

  @ApiProperty({ example: 'Victim identification' })
  @IsString()
  @Length(2, 120)
  name: string;

  @ApiProperty()
  @IsString()
  @Length(0, 1000)
  description: string;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  sortOrder: number = 0;
}

export class UpdateMandateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 120)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  sortOrder?: number;

  @ApiPropertyOptional({ description: 'false retires the mandate' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class MandateDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() sortOrder: number;
  @ApiProperty() active: boolean;
}

export class MandateListDto {
  @ApiProperty({ type: [MandateDto] }) items: MandateDto[];
}

const toDto = (m: Mandate): MandateDto => ({
  code: m.code,
  name: m.name,
  description: m.description,
  sortOrder: m.sortOrder,
  active: m.active,
});

@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory/mandates')
export class MandatesController {
  constructor(private readonly mandates: MandatesService) {}

  @Get()
  @ApiOperation({ summary: 'List mandates' })
  @ApiOkResponse({ type: MandateListDto })
  async list(@Query() query: MandateQueryDto): Promise<MandateListDto> {
    return { items: (await this.mandates.list(query.includeRetired ?? false)).map(toDto) };
  }

  @Roles('secretariat')
  @Post()
  @ApiOperation({ summary: 'Create a mandate' })
  @ApiCreatedResponse({ type: MandateDto })
  async create(
    @CurrentUser() actor: AuthenticatedUser,
    @Body() dto: CreateMandateDto,
    @Req() req: Request,
  ): Promise<MandateDto> {
    return toDto(await this.mandates.create(actor, dto, req.ip ?? null));
  }

  @Roles('secretariat')
  @Patch(':code')
  @ApiOperation({ summary: 'Update a mandate' })
  @ApiOkResponse({ type: MandateDto })
  async update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('code') code: string,
    @Body() dto: UpdateMandateDto,
    @Req() req: Request,
  ): Promise<MandateDto> {
    return toDto(await this.mandates.update(actor, code, dto, req.ip ?? null));
  }
}

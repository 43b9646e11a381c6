import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { CONTACT_STATUSES } from '../contacts/contact.entity.js';
import { COUNTRY_NAME_LANGUAGES } from '../countries/country-data.js';
import { ViewerService } from '../viewer.js';
import { CELL_STATES, type CoverageMatrix, CoverageService, coverageCsvLines } from './coverage.service.js';
import { asDownload } from '@liaison/core';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CoverageQueryDto {
  @ApiPropertyOptional({ example: 'Europe' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  region?: string;

  @ApiPropertyOptional({ description: 'EU member states only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  eu?: boolean;

  @ApiPropertyOptional({ description: 'Every country, not only the network’s' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ enum: COUNTRY_NAME_LANGUAGES, default: 'en' })
  @IsOptional()
  @IsIn(COUNTRY_NAME_LANGUAGES)
  lang?: string;
}

class CoveragePersonDto {
  @ApiProperty({ format: 'uuid' }) designationId: string;
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty() fullName: string;
  @ApiProperty() organisationName: string;
  @ApiProperty({ format: 'date-time' }) lastConfirmedAt: string;
  @ApiProperty({ enum: CONTACT_STATUSES }) status: string;
  @ApiProperty() stale: boolean;
}

class CoverageCellDto {
  @ApiProperty() mandateCode: string;
  @ApiProperty({ enum: CELL_STATES }) state: string;
  @ApiProperty({ type: CoveragePersonDto, nullable: true }) primary: CoveragePersonDto | null;
  @ApiProperty({ type: [CoveragePersonDto] }) deputies: CoveragePersonDto[];
}

class CoverageCountryDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() region: string;
  @ApiProperty() euMember: boolean;
}

class CoverageRowDto {
  @ApiProperty({ type: CoverageCountryDto }) country: CoverageCountryDto;
  @ApiProperty({ type: [CoverageCellDto] }) cells: CoverageCellDto[];
}

class CoverageMandateDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class CoverageDto {
  @ApiProperty() staleAfterDays: number;
  @ApiProperty({ type: [CoverageMandateDto] }) mandates: CoverageMandateDto[];
  @ApiProperty({ type: [CoverageRowDto] }) rows: CoverageRowDto[];
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
export class CoverageController {
  constructor(
    private readonly viewers: ViewerService,
    private readonly coverage: CoverageService,
  ) {}

  /** Countries x mandates: primary and deputies per cell, gaps, stale and departed cells. */
  @Get('coverage')
  @ApiOperation({ summary: 'Get the coverage matrix' })
  @ApiOkResponse({ type: CoverageDto })
  async matrix(@CurrentUser() user: AuthenticatedUser, @Query() query: CoverageQueryDto): Promise<CoverageMatrix> {
    return this.coverage.matrix(await this.viewers.resolve(user), query);
  }

  @Get('coverage.csv')
  @ApiOperation({ summary: 'Export the coverage matrix as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One line per cell' })
  async csv(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: CoverageQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const matrix = await this.coverage.matrix(await this.viewers.resolve(user), query);
    asDownload(res, 'text/csv', 'liaison-coverage.csv');
    res.send(coverageCsvLines(matrix).join('\r\n') + '\r\n');
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { COUNTRY_NAME_LANGUAGES } from './country-data.js';
import { CountriesService } from './countries.service.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CountryQueryDto {
  @ApiPropertyOptional({ example: 'Europe' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  region?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  eu?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  network?: boolean;

  @ApiPropertyOptional({ enum: COUNTRY_NAME_LANGUAGES, default: 'en' })
  @IsOptional()
  @IsIn(COUNTRY_NAME_LANGUAGES)
  lang?: string;
}

export class CountryDto {
  @ApiProperty({ example: 'PL' }) code: string;
  @ApiProperty({ example: 'Polska', description: 'In the requested language' }) name: string;
  @ApiProperty({ example: 'Europe' }) region: string;
  @ApiProperty() euMember: boolean;
  @ApiProperty() networkMember: boolean;
  @ApiProperty({ type: [String], example: ['pl'] }) languages: string[];
}

export class CountryListDto {
  @ApiProperty({ type: [CountryDto] }) items: CountryDto[];
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory/countries')
export class CountriesController {
  constructor(private readonly countries: CountriesService) {}

  /** Every ISO 3166-1 country, named in the requested language, EU and network members flagged. */
  @Get()
  @ApiOperation({ summary: 'List countries' })
  @ApiOkResponse({ type: CountryListDto })
  async list(@Query() query: CountryQueryDto): Promise<CountryListDto> {
    const rows = await this.countries.list(
      { region: query.region, euMember: query.eu, networkMember: query.network },
      query.lang ?? 'en',
    );
    return {
      items: rows.map((c) => ({
        code: c.code,
        name: c.localName,
        region: c.region,
        euMember: c.euMember,
        networkMember: c.networkMember,
        languages: c.languages,
      })),
    };
  }
}

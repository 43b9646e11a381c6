import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { ContactSummaryDto, DesignationDto, HandoverDto, PhoneDto } from '../contacts/contacts.dto.js';

export class TokenDto {
  @ApiProperty({ description: 'The token from the e-mail link' })
  @IsString()
  @Length(20, 200)
  token: string;
}

class SelfFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  position?: string | null;
  @ApiPropertyOptional({ type: [PhoneDto] }) @IsOptional() phones?: { number: string; kind?: string }[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsString({ each: true }) languages?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsString({ each: true }) expertise?: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  timeZone?: string | null;
}

export class TokenUpdateDto extends TokenDto {
  @ApiProperty({ type: SelfFieldsDto })
  @ValidateNested()
  @Type(() => SelfFieldsDto)
  fields: SelfFieldsDto;
}

export class TokenHandoverDto extends HandoverDto {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  token: string;
}

export class ConfirmationViewDto {
  @ApiProperty({ type: ContactSummaryDto }) contact: ContactSummaryDto;
  @ApiProperty({ type: [DesignationDto] }) designations: DesignationDto[];
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: [ContactSummaryDto], description: 'Active colleagues who could take over' })
  colleagues: { id: string; fullName: string; position: string | null }[];
}

export class ConfirmationOutcomeDto {
  @ApiProperty({ enum: ['confirmed', 'updated', 'departed'] }) answer: string;
  @ApiPropertyOptional({ format: 'uuid' }) successorId?: string;
}

export class FreshnessScanDto {
  @ApiProperty({ description: 'Requests opened for entries not confirmed in time' }) opened: number;
  @ApiProperty({ description: 'Requests escalated to the next level' }) escalated: number;
  @ApiProperty({ description: 'Notices queued' }) notices: number;
}

export class MyEntryDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) contactId: string | null;
  @ApiProperty() confirmationOpen: boolean;
}

import { ApiProperty } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['ok', 'down'] },
    example: { database: 'ok' },
  })
  checks: Record<string, 'ok' | 'down'>;
}

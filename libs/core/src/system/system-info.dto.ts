import { ApiProperty } from '@nestjs/swagger';

export class DatabaseInfoDto {
  @ApiProperty({ example: 'PostgreSQL' })
  engine: string;

  @ApiProperty({ example: '18.4' })
  version: string;
}

export class SystemInfoDto {
  @ApiProperty({ example: 'Liaison' })
  name: string;

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ enum: ['embedded', 'server'] })
  mode: 'embedded' | 'server';

  @ApiProperty({ description: 'True when the workspace holds fictional demo data' })
  demo: boolean;

  @ApiProperty({ type: DatabaseInfoDto })
  database: DatabaseInfoDto;
}

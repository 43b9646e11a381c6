import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DatabaseInfoDto {
  @ApiProperty({ example: 'PostgreSQL' })
  engine: string;

  @ApiProperty({ example: '18.4' })
  version: string;
}

export class DemoAccountDto {
  @ApiProperty() email: string;
  @ApiProperty() role: string;
  @ApiProperty() displayName: string;
}

export class DemoSignInDto {
  @ApiProperty({ description: 'The shared password of the fictional demo accounts' })
  password: string;

  @ApiProperty({ type: [DemoAccountDto] })
  accounts: DemoAccountDto[];
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

  @ApiPropertyOptional({ type: DemoSignInDto, description: 'Only in a demo workspace' })
  demoSignIn?: DemoSignInDto;

  @ApiPropertyOptional({ description: 'True when a demo workspace does not enforce two-step verification' })
  mfaRelaxedInDemo?: boolean;
}

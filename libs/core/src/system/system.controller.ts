import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { SystemInfoDto } from './system-info.dto.js';
import { SystemInfoService } from './system-info.service.js';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(private readonly info: SystemInfoService) {}

  /** What the sign-in page needs before anyone signs in: version, mode, demo flag. */
  @Public()
  @Get('info')
  @ApiOperation({ summary: 'Get system information' })
  @ApiOkResponse({ type: SystemInfoDto })
  get(): Promise<SystemInfoDto> {
    return this.info.describe();
  }
}

import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, Public } from '@liaison/core';

class AddressDto {
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;
}

class EchoDto {
  @IsString()
  @Length(1, 50)
  name: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

/** Routes that exist only in tests, to exercise the HTTP conventions every context relies on. */
@Controller('probe')
class ProbeController {
  @Public()
  @Post('echo')
  echo(@Body() body: EchoDto) {
    return { received: body, isDto: body instanceof EchoDto };
  }

  @Get('private')
  private(@CurrentUser() user: AuthenticatedUser) {
    return { userId: user.id };
  }

  @Public()
  @Get('crash')
  crash(): never {
    throw new Error('database password is hunter2');
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}

import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { asDownload, type AuthenticatedUser, CurrentUser } from '@liaison/core';
import { callerOf } from '../access.js';
import { AttendeeListDto, RsvpDto, RsvpInputDto } from '../outreach.dto.js';
import { EventsService } from './events.service.js';

/** Answers to invitations, the invitee's calendar file and the secretariat's attendee list. */
@ApiTags('outreach')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post(':id/rsvp')
  @ApiOperation({ summary: 'Answer an event invitation' })
  @HttpCode(200)
  @ApiOkResponse({ type: RsvpDto, description: 'Answers, or changes the answer' })
  rsvp(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RsvpInputDto,
  ): Promise<RsvpDto> {
    return this.events.rsvp(callerOf(user), id, dto);
  }

  @Get(':id/invite.ics')
  @ApiOperation({ summary: "Get an event's invitation as iCalendar" })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'The invitation (RFC 5546 REQUEST, or CANCEL once cancelled) for the caller' })
  async ics(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const ics = await this.events.inviteIcs(callerOf(user), id);
    asDownload(res, 'text/calendar', 'invite.ics');
    res.send(ics);
  }

  @Get(':id/attendees')
  @ApiOperation({ summary: "List an event's attendees" })
  @ApiOkResponse({
    type: AttendeeListDto,
    description: 'Every answer with its delegation, and answers by country (the secretariat)',
  })
  attendees(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<AttendeeListDto> {
    return this.events.attendees(callerOf(user), id);
  }

  @Get(':id/attendees.csv')
  @ApiOperation({ summary: "Export an event's attendees as CSV" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One line per delegate (the secretariat)' })
  async attendeesCsv(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const csv = await this.events.attendeesCsv(callerOf(user), id);
    asDownload(res, 'text/csv', `event-${id.slice(0, 8)}-attendees.csv`);
    res.send(csv);
  }
}

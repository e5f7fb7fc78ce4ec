import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { type AuthenticatedPerson, CurrentActor, CurrentPerson, DashboardApi, type RequestActor } from '../common/http/dashboard-api';
import { ChangeRoleDto, NewPersonDto, PersonDto, RemovedPersonDto } from './people.dto';
import { PeopleService } from './people.service';

/** The merchant's team: everyone may list it; owners add, change and remove people. */
@ApiTags('Dashboard')
@DashboardApi()
@Controller('api/dashboard/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOperation({ operationId: 'listPeople', summary: 'The people who may sign in to your dashboard, oldest first' })
  @ApiOkResponse({ type: [PersonDto] })
  list(@CurrentPerson() person: AuthenticatedPerson): Promise<PersonDto[]> {
    return this.people.team(person.merchantId);
  }

  @Post()
  @ApiOperation({
    operationId: 'addPerson',
    summary: 'Owners: add a teammate with a role and a first password you hand over',
    description: 'There are no email invitations: tell them the password; they can change it (POST /api/dashboard/password).',
  })
  @ApiCreatedResponse({ type: PersonDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DUPLICATE_PERSON_ERROR')
  add(@CurrentPerson() person: AuthenticatedPerson, @CurrentActor() actor: RequestActor, @Body() body: NewPersonDto): Promise<PersonDto> {
    return this.people.addPerson(person.merchantId, { name: body.name, email: body.email, role: body.role, password: body.password }, actor);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'changePersonRole', summary: "Owners: change a teammate's role", description: 'The last owner cannot be given another role.' })
  @ApiOkResponse({ type: PersonDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'PERSON_NOT_FOUND_ERROR', 'LAST_OWNER_ERROR')
  changeRole(@CurrentPerson() person: AuthenticatedPerson, @CurrentActor() actor: RequestActor, @Param('id') id: string, @Body() body: ChangeRoleDto): Promise<PersonDto> {
    return this.people.changeRole(person.merchantId, id, body.role, actor);
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'removePerson', summary: 'Owners: remove a teammate; their sessions end at once', description: 'The last owner cannot be removed.' })
  @ApiOkResponse({ type: RemovedPersonDto })
  @ApiErrorResponses('PERSON_NOT_FOUND_ERROR', 'LAST_OWNER_ERROR')
  remove(@CurrentPerson() person: AuthenticatedPerson, @CurrentActor() actor: RequestActor, @Param('id') id: string): Promise<RemovedPersonDto> {
    return this.people.remove(person.merchantId, id, actor);
  }
}

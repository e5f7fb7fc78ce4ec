import { Module } from '@nestjs/common';
import { OperatorsRepository } from './operators.repository';
import { OperatorsService } from './operators.service';

/** Named operators and their scoped, revocable API tokens (issue 15). The /admin guard asks it who is calling. */
@Module({
  providers: [OperatorsService, OperatorsRepository],
  exports: [OperatorsService],
})
export class OperatorsModule {}

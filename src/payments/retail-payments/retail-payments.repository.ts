import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';
import { RETAIL_PAYMENT_COLUMNS, RetailPaymentRow } from '../payable-resource';
import { PayableResourceRepository } from '../payable-resource.repository';

/** The retail_payments table; a payment code is unique across outlets. */
@Injectable()
export class RetailPaymentsRepository extends PayableResourceRepository<RetailPaymentRow> {
  constructor(sql: Sql) {
    super(sql, 'retail_payments', RETAIL_PAYMENT_COLUMNS, 'payment_code');
  }
}

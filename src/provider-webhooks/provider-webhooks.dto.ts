import { ApiProperty } from '@nestjs/swagger';

export class WebhookReceiptDto {
  @ApiProperty({ example: true }) received: boolean;
  @ApiProperty({ description: 'The same event was received before; nothing was done again.' }) duplicate: boolean;
  @ApiProperty({ enum: ['applied', 'noted', 'unmatched', 'conflict'] }) outcome: string;
}

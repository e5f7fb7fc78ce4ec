import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** `?external_id=` of the find-by-your-id endpoints. */
export class ExternalIdQueryDto {
  @ApiProperty({ example: '124' })
  @IsString()
  @IsNotEmpty({ message: 'external_id is required' })
  external_id: string;
}

import { NumberInput, type NumberInputProps } from '@mantine/core';

/** A whole-rupiah amount as Indonesians write it: `Rp 1.500.000` (dots group thousands, no decimals). */
export function RupiahInput(props: NumberInputProps) {
  return <NumberInput prefix="Rp " thousandSeparator="." decimalSeparator="," allowDecimal={false} min={1} {...props} />;
}

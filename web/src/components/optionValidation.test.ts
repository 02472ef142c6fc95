import { describe, expect, it } from 'vitest';
import { validateOptionValue } from './optionValidation';

describe('validateOptionValue', () => {
  it('keeps an option of the same kind', () => {
    expect(validateOptionValue('5', '3')).toBeNull();
    expect(validateOptionValue('TRUE', 'false')).toBeNull();
    expect(validateOptionValue('-a -z', '-a')).toBeNull();
  });
  it('refuses empty, multi-line, too long and wrongly typed values', () => {
    expect(validateOptionValue('  ', '3')).toMatch(/Enter a value/);
    expect(validateOptionValue('1\n2', 'x')).toMatch(/one line/);
    expect(validateOptionValue('x'.repeat(1025), 'x')).toMatch(/1024/);
    expect(validateOptionValue('abc', '3')).toBe('This option takes a whole number.');
    expect(validateOptionValue('yes', 'true')).toBe('This option takes true or false.');
  });
});

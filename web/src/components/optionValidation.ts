// Client-side checks of a gsyncd option value before it is sent (the engine checks again, with the key's
// own rules, and its message is shown on the field): not empty, one line, no control character, at most
// 1024 characters, and of the same kind as the current value (an integer stays an integer, a boolean a
// boolean).
export function validateOptionValue(value: string, current: string): string | null {
  if (value.trim() === '') return 'Enter a value (use Reset to go back to the default).';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'The value must be one line without control characters.';
  if (value.length > 1024) return 'The value must be at most 1024 characters.';
  if (/^-?\d+$/.test(current) && !/^-?\d+$/.test(value.trim())) return 'This option takes a whole number.';
  if (/^(true|false)$/i.test(current) && !/^(true|false)$/i.test(value.trim())) return 'This option takes true or false.';
  return null;
}

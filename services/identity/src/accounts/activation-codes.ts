import { randomInt } from 'node:crypto';

/** Letters and digits nobody confuses on paper: no 0/o, 1/l/i, 5/s, 2/z. */
export const ACTIVATION_ALPHABET = 'abcdefghjkmnpqrtuvwxy346789';
export const ACTIVATION_CODE_LENGTH = 8;

/** A code such as `pt6cpj7c`, drawn from a cryptographic generator. */
export function generateActivationCode(): string {
  let code = '';
  for (let i = 0; i < ACTIVATION_CODE_LENGTH; i++) code += ACTIVATION_ALPHABET[randomInt(ACTIVATION_ALPHABET.length)];
  return code;
}

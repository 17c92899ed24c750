import { uaiCheckLetter, wrongUaiCheckLetter } from './uai.rules';

describe('UAI check letter', () => {
  it('is the seven digits modulo 23 in the alphabet without I, O and Q', () => {
    expect(uaiCheckLetter('0754321')).toBe('P');
    expect(uaiCheckLetter('0750654')).toBe('D'); // lycée Henri-IV, Paris
    expect(uaiCheckLetter('0000000')).toBe('A');
    expect(uaiCheckLetter('0000022')).toBe('Z');
  });

  it('names the right letter of a wrong UAI, nothing for a right one', () => {
    expect(wrongUaiCheckLetter('0754321A')).toBe('P');
    expect(wrongUaiCheckLetter('0754321P')).toBeNull();
    expect(wrongUaiCheckLetter('0754321p')).toBeNull();
    // Not a UAI at all: the format rule speaks, not this one.
    expect(wrongUaiCheckLetter('075432')).toBeNull();
  });
});

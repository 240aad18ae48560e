import { describe, expect, it } from 'vitest';
import { capColor } from './cap-color.ts';

describe('capColor', () => {
  it('is green below 80 % of the cap', () => {
    expect(capColor(0, 25)).toBe('green');
    expect(capColor(19, 25)).toBe('green');
    expect(capColor(3, 4)).toBe('green');
  });

  it('turns yellow at exactly 80 % and stays yellow below the cap', () => {
    expect(capColor(20, 25)).toBe('yellow');
    expect(capColor(4, 5)).toBe('yellow');
    expect(capColor(24, 25)).toBe('yellow');
  });

  it('is red at or above the cap', () => {
    expect(capColor(25, 25)).toBe('red');
    expect(capColor(30, 25)).toBe('red');
  });

  it('has no colour of fullness without a cap', () => {
    expect(capColor(12, null)).toBe('indigo');
    expect(capColor(0, 0)).toBe('indigo');
  });
});

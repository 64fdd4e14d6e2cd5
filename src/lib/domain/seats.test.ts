import { describe, expect, it } from 'vitest';
import { seatsLeft } from './seats';

describe('seatsLeft', () => {
  it('does not offer seats that kiosks hold in leases', () => {
    expect(seatsLeft({ capacity: 10, seatsTaken: 6, leased: 4 })).toBe(0);
    expect(seatsLeft({ capacity: 10, seatsTaken: 6, leased: 2 })).toBe(2);
  });
  it('a kiosk adds the seats it may still spend from its own leases', () => {
    expect(seatsLeft({ capacity: 10, seatsTaken: 6, leased: 4 }, 2)).toBe(2);
  });
  it('a row stored before leases were sent counts none, and never goes below zero', () => {
    expect(seatsLeft({ capacity: 10, seatsTaken: 7 })).toBe(3);
    expect(seatsLeft({ capacity: 5, seatsTaken: 7, leased: 1 })).toBe(0);
  });
});

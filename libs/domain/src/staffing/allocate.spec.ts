import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import {
  allocatePosts,
  allocationShares,
  DEFAULT_STAFFING_WEIGHTS,
  median,
  staffingProposal,
  type StaffingStreetInput,
} from './allocate';

const street = (code: string, over: Partial<StaffingStreetInput> = {}): StaffingStreetInput => ({
  streetCode: code,
  populationWan: 1,
  areaKm2: 1,
  authorisedPosts: 50,
  actualStaff: 50,
  workload: 0,
  ...over,
});

const arbStreets = fc
  .array(
    fc.record({
      populationWan: fc.integer({ min: 0, max: 2000 }).map((x) => x / 100),
      areaKm2: fc.integer({ min: 0, max: 20000 }).map((x) => x / 100),
      authorisedPosts: fc.integer({ min: 0, max: 200 }),
      actualStaff: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
      workload: fc.integer({ min: 0, max: 5000 }).map((x) => x / 10),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((rows) => rows.map((r, i) => ({ ...r, streetCode: `S${String(i).padStart(2, '0')}` })));

const arbWeights = fc.record({
  population: fc.integer({ min: 0, max: 10 }).map((x) => x / 10),
  workload: fc.integer({ min: 0, max: 10 }).map((x) => x / 10),
  area: fc.integer({ min: 0, max: 10 }).map((x) => x / 10),
});

describe('staffing allocation', () => {
  it('keeps exactly the total, gives every street the floor and stays within one post of its exact quota, for random inputs', () => {
    fc.assert(
      fc.property(arbStreets, fc.integer({ min: 0, max: 80 }), arbWeights, (streets, floor, weights) => {
        const total = streets.reduce((a, s) => a + s.authorisedPosts, 0);
        if (floor * streets.length > total) {
          expect(() => allocatePosts(streets, total, floor, weights)).toThrow(DomainError);
          return;
        }
        const posts = allocatePosts(streets, total, floor, weights);
        expect(posts.reduce((a, b) => a + b, 0)).toBe(total);
        const shares = allocationShares(streets, weights);
        posts.forEach((p, i) => {
          expect(Number.isInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(floor);
          const exact = floor + (total - floor * streets.length) * shares[i];
          expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-9);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a floor the total cannot give every street, naming the largest floor that fits', () => {
    const streets = [street('A', { authorisedPosts: 50 }), street('B', { authorisedPosts: 60 })];
    try {
      allocatePosts(streets, 110, 56, DEFAULT_STAFFING_WEIGHTS);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('STAFFING_FLOOR_TOO_HIGH');
      expect((e as DomainError).details[0].params).toEqual({ floor: 56, streets: 2, total: 110, max: 55 });
    }
    expect(allocatePosts(streets, 110, 55, DEFAULT_STAFFING_WEIGHTS)).toEqual([55, 55]);
  });

  it('shares the rest by 0.5 population + 0.4 workload + 0.1 area, largest remainder, ties to the larger population', () => {
    // Rest above the floors: 100 − 3 × 10 = 70. Shares: A 0.5·(2/4) + 0.4·(6/10) + 0.1·(1/4) = 0.515,
    // B 0.5·(1/4) + 0.4·(2/10) + 0.1·(2/4) = 0.255, C 0.5·(1/4) + 0.4·(2/10) + 0.1·(1/4) = 0.23.
    // Quotas 36.05, 17.85, 16.1 → 36, 17, 16 (69), the last post to B (largest remainder .85).
    const streets = [
      street('A', { populationWan: 2, workload: 6, areaKm2: 1, authorisedPosts: 40 }),
      street('B', { populationWan: 1, workload: 2, areaKm2: 2, authorisedPosts: 30 }),
      street('C', { populationWan: 1, workload: 2, areaKm2: 1, authorisedPosts: 30 }),
    ];
    expect(allocatePosts(streets, 100, 10, DEFAULT_STAFFING_WEIGHTS)).toEqual([46, 28, 26]);
    // Equal remainders: the larger population wins the post.
    const tied = [
      street('X', { populationWan: 1, areaKm2: 1, authorisedPosts: 5 }),
      street('Y', { populationWan: 1, areaKm2: 1, authorisedPosts: 6 }),
    ];
    expect(allocatePosts(tied, 11, 0, { population: 0, workload: 0, area: 1 })).toEqual([6, 5]);
    tied[1].populationWan = 1.01;
    expect(allocatePosts(tied, 11, 0, { population: 0, workload: 0, area: 1 })).toEqual([5, 6]);
  });

  it('spreads the weight of a measure nobody has (no workload in the period) over the others', () => {
    const streets = [
      street('A', { populationWan: 3, areaKm2: 1 }),
      street('B', { populationWan: 1, areaKm2: 3 }),
    ];
    // Workload's 0.4 goes to population and area in their 5 : 1 ratio: A = (5/6)(3/4) + (1/6)(1/4).
    const [a, b] = allocationShares(streets, DEFAULT_STAFFING_WEIGHTS);
    expect(a).toBeCloseTo(2 / 3, 12);
    expect(b).toBeCloseTo(1 / 3, 12);
  });

  it('flags over-establishment, under- and overstaffing against half and twice the median density, and big changes', () => {
    const report = staffingProposal(
      [
        street('A', { populationWan: 1, authorisedPosts: 60, actualStaff: 61 }), // 60 per 万: > 2 × 25
        street('B', { populationWan: 2, authorisedPosts: 50, actualStaff: 50 }), // 25
        street('C', { populationWan: 4, authorisedPosts: 40, actualStaff: 30 }), // 10: < 25 / 2
        street('D', { populationWan: 2, authorisedPosts: 50, actualStaff: null }), // 25
      ],
      { floor: 40, weights: DEFAULT_STAFFING_WEIGHTS },
    );
    expect(report.totals.medianPostsPer10k).toBe(25);
    expect(report.totals.proposedPosts).toBe(200);
    expect(report.totals.authorisedPosts).toBe(200);
    expect(report.streets.map((s) => [s.streetCode, s.proposedPosts, s.flags])).toEqual([
      ['A', 45, ['over_establishment', 'overstaffed', 'big_change']],
      ['B', 49, []],
      ['C', 57, ['understaffed', 'big_change']],
      ['D', 49, []],
    ]);
  });

  it('takes the median of the middle two for an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNull();
  });
});

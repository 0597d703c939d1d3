import {
  assessmentSettingsProblems,
  competitionRanks,
  count,
  normalise,
  ratio,
  scoreCard,
  type AssessmentSettings,
} from './metrics';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SETTINGS: AssessmentSettings = JSON.parse(
  readFileSync(join(__dirname, '../../../../config/assessment.json'), 'utf8'),
);

describe('assessment metrics', () => {
  it('ships valid default settings', () => {
    expect(assessmentSettingsProblems(SETTINGS)).toEqual([]);
  });

  it('refuses settings with a missing, negative or unknown weight, or a zero cap', () => {
    const bad = structuredClone(SETTINGS) as any;
    delete bad.weights.street.satisfaction;
    bad.weights.department.violationRate = -1;
    bad.weights.department.bogus = 1;
    bad.caps.street.overdueCount = 0;
    expect(assessmentSettingsProblems(bad)).toEqual([
      'weights.street.satisfaction must be a number >= 0 and at most 1e6',
      'weights.department.violationRate must be a number >= 0 and at most 1e6',
      'weights.department.bogus is not a metric of it',
      'caps.street.overdueCount must be a number > 0 and at most 1e6',
    ]);
    expect(assessmentSettingsProblems(null)).toHaveLength(4);
  });

  it('normalises a rate as it is, the violation index inverted, a rating to 0..1 and a count against its cap', () => {
    expect(normalise('signOnTimeRate', 0.75)).toBe(0.75);
    expect(normalise('violationRate', 0.25)).toBe(0.75);
    expect(normalise('satisfaction', 4)).toBe(0.75);
    expect(normalise('overdueCount', 3, 10)).toBeCloseTo(0.7, 12);
    expect(normalise('overdueCount', 30, 10)).toBe(0);
    expect(normalise('streetRating', null)).toBeNull();
  });

  it('spreads the weight of a metric without facts over the others', () => {
    const { metrics, score } = scoreCard(
      'street',
      {
        signOnTimeRate: ratio(3, 4), // 0.75 × 25
        completionOnTimeRate: ratio(0, 0), // no facts: null
        overdueCount: count(2), // 0.8 × 15
        supervisedCount: count(1), // 0.8 × 10
        satisfaction: ratio(9, 2), // 4.5 → 0.875 × 20
        workloadPerPost: ratio(3, 60), // weight 0
      },
      SETTINGS,
    );
    expect(metrics.completionOnTimeRate).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
      normalised: null,
    });
    expect(metrics.satisfaction.normalised).toBe(0.875);
    // (18.75 + 12 + 8 + 17.5) / 70
    expect(score).toBeCloseTo((100 * 56.25) / 70, 10);
  });

  it('has no score when no weighted metric has a value', () => {
    const { score } = scoreCard(
      'department',
      {
        pushedDown: ratio(0, 0),
        violationRate: ratio(0, 0),
        summonsOnTimeRate: ratio(0, 0),
        streetRating: ratio(0, 0),
        disputesLost: ratio(0, 0),
      },
      SETTINGS,
    );
    expect(score).toBeNull();
  });

  it('ranks by competition: ties share a rank, the next skips', () => {
    expect(competitionRanks([90, 80, 80, 70, null, 95])).toEqual([2, 3, 3, 5, null, 1]);
    expect(competitionRanks([])).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { projectPath } from '@app/config';
import { assessmentSettingsProblems, type AssessmentSettings } from '@app/domain';

/**
 * The shipped weights and caps (config/assessment.json; defaults and reasons in
 * docs/assessment.md), checked on load so that a bad edit stops the process at boot rather than
 * producing scores nobody can explain.
 */
export function loadAssessmentSettings(path = projectPath('config', 'assessment.json')): AssessmentSettings {
  const settings = JSON.parse(readFileSync(path, 'utf8'));
  const problems = assessmentSettingsProblems(settings);
  if (problems.length) throw new Error(`${path} is invalid: ${problems.join('; ')}`);
  return settings;
}

import { readFileSync } from 'node:fs';
import { projectPath } from '@app/config';
import { ruleTableProblems, type RoutingRule } from '@app/domain';

/** The shipped default routing table (config/routing-rules.default.json), checked on load. */
export function defaultRules(): RoutingRule[] {
  const rules = JSON.parse(readFileSync(projectPath('config', 'routing-rules.default.json'), 'utf8'));
  const problems = ruleTableProblems(rules);
  if (problems.length) throw new Error(`default routing rules are invalid: ${JSON.stringify(problems)}`);
  return rules;
}

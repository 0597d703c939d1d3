import { Alert, Descriptions, Space, Tag, Typography } from 'antd';
import type { Assignment, AssignmentDetail, Decision } from '../api';
import { useI18n } from '../i18n';
import { MatterText } from './MatterText';
import { OutcomeTag, RoleTag } from './tags';

/** The rule that decided: a routing rule's id, or the organisation office's review or ruling by name. */
export function RuleLabel({ ruleId }: { ruleId: string }) {
  const { label } = useI18n();
  const named = label('rule', ruleId);
  return <Tag color={named === ruleId ? undefined : 'volcano'}>{named}</Tag>;
}

/**
 * A decision in a few lines (outcome, rule, reason), for the dialogs where someone decides on it.
 * The reason wraps: it is the sentence the decider weighs, never cut.
 */
export function DecisionBrief({ decision, testId }: { decision: Decision | null; testId?: string }) {
  const { t, lang, time } = useI18n();
  if (!decision) return <Typography.Text type="secondary">{t('assignment.noDecision')}</Typography.Text>;
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid={testId}>
      <Space wrap size={4}>
        <OutcomeTag outcome={decision.outcome} />
        <RuleLabel ruleId={decision.ruleId} />
        <Typography.Text type="secondary">
          {decision.listVersion} · {time(decision.decidedAt)}
        </Typography.Text>
      </Space>
      <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
        {lang === 'en' ? decision.reasonEn : decision.reason}
      </Typography.Paragraph>
    </Space>
  );
}

/** The 编办's note of the last return, while the assignment waits for the department's resubmission. */
function returnNote(a: Assignment | AssignmentDetail): string | null {
  if (a.state !== 'returned' || !('timeline' in a)) return null;
  const ev = [...a.timeline].reverse().find((e) => e.action === 'review' && e.toState === 'returned');
  return typeof ev?.payload.note === 'string' ? ev.payload.note : null;
}

/**
 * An assignment's current decision (routing's, or the organisation office's review or ruling:
 * earlier ones are in the timeline): outcome, rule, list version, reason, the stripped demands,
 * and the list's text of the matter it rests on.
 */
export function DecisionView({ assignment }: { assignment: Assignment | AssignmentDetail }) {
  const { t, label, lang, time } = useI18n();
  const d = assignment.decision;
  const returned = returnNote(assignment);
  if (!d) return <Typography.Text type="secondary">{t('assignment.noDecision')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {returned && (
        <Alert
          type="warning"
          showIcon
          data-testid="returned-note"
          message={t('assignment.returnedBy', { note: returned })}
        />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        bordered
        styles={{ label: { whiteSpace: 'nowrap' } }}
      >
        <Descriptions.Item label={t('assignment.outcome')}>
          <OutcomeTag outcome={d.outcome} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assignment.role')}>
          <RoleTag role={assignment.role} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assignment.rule')}>
          <RuleLabel ruleId={d.ruleId} />
        </Descriptions.Item>
        <Descriptions.Item label={t('assignment.listVersion')}>{d.listVersion}</Descriptions.Item>
        <Descriptions.Item label={t('assignment.reason')} span={2}>
          <span data-testid="decision-reason" style={{ whiteSpace: 'pre-wrap' }}>
            {lang === 'en' ? d.reasonEn : d.reason}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('assignment.decidedAt')} span={2}>
          {time(d.decidedAt)}
          <Typography.Text type="secondary"> · {t('ctx.history')}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {d.strippedDemands.length > 0 && d.outcome !== 'refused' && (
        <Alert
          type="success"
          showIcon
          data-testid="stripped-demands"
          message={t('assignment.notBinding')}
          description={
            <Space size={[0, 4]} wrap>
              {d.strippedDemands.map((x) => (
                <Tag key={x} style={{ textDecoration: 'line-through' }}>
                  {label('demand', x)}
                </Tag>
              ))}
            </Space>
          }
        />
      )}
      {assignment.role === 'support' && (
        <Alert type="info" showIcon message={t('assignment.supportDuties')} />
      )}
      {'matter' in assignment && (
        <div>
          <Typography.Text strong>{t('ctx.matter')}</Typography.Text>
          <MatterText matter={assignment.matter} code={assignment.matterCode} testId="decision-matter" />
        </div>
      )}
    </Space>
  );
}

import { Alert, Descriptions, Space, Tag, Typography } from 'antd';
import type { Assignment } from '../api';
import { useI18n } from '../i18n';
import { OutcomeTag, RoleTag } from './tags';

/** An assignment's admission decision: outcome, rule, list version, reason and the stripped demands. */
export function DecisionView({ assignment }: { assignment: Assignment }) {
  const { t, label, lang, time } = useI18n();
  const d = assignment.decision;
  if (!d) return <Typography.Text type="secondary">{t('assignment.noDecision')}</Typography.Text>;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
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
          <Tag>{d.ruleId}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('assignment.listVersion')}>{d.listVersion}</Descriptions.Item>
        <Descriptions.Item label={t('assignment.reason')} span={2}>
          <span data-testid="decision-reason">{lang === 'en' ? d.reasonEn : d.reason}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('assignment.decidedAt')}>{time(d.decidedAt)}</Descriptions.Item>
      </Descriptions>
      {d.strippedDemands.length > 0 && (
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
    </Space>
  );
}

import { Descriptions, Tag, Typography } from 'antd';
import type { Matter } from '../api';
import { useI18n } from '../i18n';

/**
 * The list's text of a matter, as a decider or a street needs it: name and code, who is
 * principal with which duties, what the street's part is, and the legal basis. `full` adds the
 * rest of the row (the list browser's detail).
 */
export function MatterText({
  matter,
  code,
  full = false,
  testId,
}: {
  matter: Matter | null | undefined;
  /** The code asked for, named when the list has no such matter. */
  code?: string | null;
  full?: boolean;
  testId?: string;
}) {
  const { t, label } = useI18n();
  if (!matter)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {code ? `${code}:${t('matter.missing')}` : t('ctx.offList')}
      </Typography.Text>
    );
  const duties = matter.streetSupportingDuties.filter(Boolean);
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid={testId}
      styles={{ label: { width: 120, whiteSpace: 'nowrap' }, content: { whiteSpace: 'pre-wrap' } }}
    >
      <Descriptions.Item label={t('matter.name')}>
        <Typography.Text strong>{matter.name}</Typography.Text> <Tag>{matter.code}</Tag>
        <Tag color="blue">{label('mode', matter.mode)}</Tag>
      </Descriptions.Item>
      {full && <Descriptions.Item label={t('matter.category')}>{matter.category}</Descriptions.Item>}
      <Descriptions.Item label={t('matter.principalDept')}>{matter.principalDept}</Descriptions.Item>
      <Descriptions.Item label={t('matter.principalDuties')}>
        {matter.principalDuties || '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('matter.streetSupportingDuties')}>
        {duties.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {duties.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('matter.legalBasis')}>{matter.legalBasis || '—'}</Descriptions.Item>
      {full && (
        <>
          <Descriptions.Item label={t('matter.supportingUnits')}>
            {matter.supportingUnits.join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('matter.delegableToStreet')}>
            {label('delegable', matter.delegableToStreet)}
          </Descriptions.Item>
          <Descriptions.Item label={t('matter.streetEnforcementPower')}>
            {label('power', matter.streetEnforcementPower)}
            {matter.streetPowerSubjects.length > 0 &&
              `(${matter.streetPowerSubjects.map((s) => label('subject', s)).join('、')})`}
          </Descriptions.Item>
          {matter.enforcementNote && (
            <Descriptions.Item label={t('matter.enforcementNote')}>
              {matter.enforcementNote}
            </Descriptions.Item>
          )}
          {matter.note && <Descriptions.Item label={t('matter.note')}>{matter.note}</Descriptions.Item>}
        </>
      )}
    </Descriptions>
  );
}

import { Descriptions, Space, Tag } from 'antd';
import {
  DEPARTMENT_METRICS,
  STREET_METRICS,
  type Assessment,
  type ScorecardKind,
} from '../../api/assessment';
import { useI18n } from '../../i18n';

// Its own module: 我的考核 shows it too, without loading the assessment screen and its charts.
/** The weights and caps the assessment was computed with. */
export function WeightsView({ a }: { a: Pick<Assessment, 'weights' | 'caps'> }) {
  const { t } = useI18n();
  const line = (kind: ScorecardKind) =>
    (kind === 'street' ? STREET_METRICS : DEPARTMENT_METRICS).map((m) => {
      const cap = a.caps[kind][m];
      return (
        <Tag key={m}>
          {t(`metric.${m}`)} {t('assessment.weight')} {a.weights[kind][m]}
          {cap !== undefined ? ` · ${t('assessment.cap')} ${cap}` : ''}
        </Tag>
      );
    });
  return (
    <Descriptions size="small" column={1} title={t('assessment.weights')}>
      <Descriptions.Item label={t('assessment.departments')}>
        <Space size={[0, 4]} wrap>
          {line('department')}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('assessment.streets')}>
        <Space size={[0, 4]} wrap>
          {line('street')}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}

import { Space, Tag } from 'antd';
import type { ListVersion } from '../../api';
import { useI18n } from '../../i18n';

/** Options of a version select: the version, its effective date, and the 现行版本 or draft marker. */
export function useVersionOptions(versions: ListVersion[] | undefined) {
  const { t } = useI18n();
  return (versions ?? []).map((v) => ({
    value: v.id,
    label: (
      <Space size={4}>
        <span>{v.version}</span>
        <span style={{ color: '#888' }}>{t('browser.effective', { date: v.effectiveFrom })}</span>
        {v.inForce && (
          <Tag color="green" data-testid="in-force">
            {t('browser.inForce')}
          </Tag>
        )}
        {v.status === 'draft' && <Tag>{t('browser.draft')}</Tag>}
      </Space>
    ),
  }));
}

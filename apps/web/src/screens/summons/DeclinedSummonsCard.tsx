import { Card, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { SummonsView } from '../../api';
import { coordinationQueries } from '../../api/coordination';
import { keysetEmptyText, keysetFooter } from '../../components/KeysetTable';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { ResponseTag } from './tags';

/** Supervisors: summons a department declined, with the reason it gave (on the overdue board). */
export function DeclinedSummonsCard() {
  const { t, time } = useI18n();
  const orgs = useOrgs();
  const list = useKeyset(coordinationQueries.summonsList({ declined: true }));
  return (
    <Card title={t('summons.declines')} size="small" data-testid="declined-summons">
      <List<SummonsView>
        loading={list.loading}
        dataSource={list.items}
        locale={{ emptyText: keysetEmptyText(list) }}
        footer={keysetFooter(list)}
        renderItem={(s) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <Space wrap>
                <Link to={`/summons/${s.id}`}>{s.subject}</Link>
                <Typography.Text type="secondary">
                  {orgs.name(s.streetCode)} · {time(s.createdAt)}
                </Typography.Text>
              </Space>
              {s.responses
                .filter((r) => r.state === 'declined')
                .map((r) => (
                  <Space key={r.departmentCode} wrap>
                    <ResponseTag state={r.state} />
                    <Typography.Text>{orgs.name(r.departmentCode)}</Typography.Text>
                    <Typography.Text type="secondary">{r.note}</Typography.Text>
                  </Space>
                ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

import { Button, Card, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { SummonsState, SummonsView } from '../../api';
import { coordinationQueries } from '../../api/coordination';
import { RefreshButton } from '../../components/controls';
import { KeysetTable } from '../../components/KeysetTable';
import { TitleLink } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';
import { Countdown } from './Countdown';
import { ResponseTag, SummonsStateTag } from './tags';

/**
 * Summons by role: a street's own (吹哨), a department's "summoned" inbox (被吹哨) with its
 * report-by countdown, or all of them for supervisors, who can keep to those with a decline.
 */
export function SummonsListPage() {
  const { t, label, time } = useI18n();
  const { role } = useSession();
  const orgs = useOrgs();
  const [state, setState] = useState<SummonsState | undefined>();
  const [declined, setDeclined] = useState(false);
  const side = role === 'street' ? 'sent' : role === 'department' ? 'received' : undefined;
  const list = useKeyset(
    coordinationQueries.summonsList({ state, role: side, declined: declined || undefined }),
  );

  return (
    <Card
      title={t(
        side === 'sent'
          ? 'summons.titleSent'
          : side === 'received'
            ? 'summons.titleReceived'
            : 'summons.titleAll',
      )}
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={t('common.state')}
            style={{ width: 140 }}
            value={state}
            onChange={setState}
            options={(['open', 'closed'] as const).map((s) => ({
              value: s,
              label: label('summonsState', s),
            }))}
            data-testid="summons-state-filter"
          />
          {!side && (
            <Space>
              <Switch checked={declined} onChange={setDeclined} data-testid="declined-only" />
              {t('summons.declinedOnly')}
            </Space>
          )}
          <RefreshButton onRefresh={list.reload} />
          {role === 'street' && (
            <Link to="/summons/new">
              <Button type="primary" data-testid="blow-whistle">
                {t('summons.blow')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <KeysetTable<SummonsView>
        list={list}
        size="middle"
        scroll={{ x: 900 }}
        data-testid="summons-list"
        columns={[
          {
            title: t('summons.subject'),
            dataIndex: 'subject',
            render: (subject: string, s) => (
              <TitleLink to={`/summons/${s.id}`} title={subject} urgent={s.urgent} />
            ),
          },
          ...(side === 'sent'
            ? []
            : [{ title: t('summons.street'), dataIndex: 'streetCode', render: (c: string) => orgs.name(c) }]),
          { title: t('summons.place'), dataIndex: 'place' },
          {
            title: t('summons.responses'),
            dataIndex: 'responses',
            render: (_: unknown, s: SummonsView) => (
              <Space direction="vertical" size={2}>
                {s.responses.map((r) => (
                  <Space key={r.departmentCode} size={4} wrap>
                    {side !== 'received' && <Typography.Text>{orgs.name(r.departmentCode)}</Typography.Text>}
                    <ResponseTag state={r.state} />
                    {r.state === 'pending' && s.state === 'open' && <Countdown until={r.reportByAt} />}
                  </Space>
                ))}
              </Space>
            ),
          },
          {
            title: t('common.state'),
            dataIndex: 'state',
            render: (v: SummonsState) => <SummonsStateTag state={v} />,
          },
          { title: t('summons.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v) },
        ]}
      />
    </Card>
  );
}

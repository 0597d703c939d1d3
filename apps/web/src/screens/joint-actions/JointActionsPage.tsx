import { Card, Select, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { JOINT_ACTION_STATES, type JointAction, type JointActionState } from '../../api';
import { coordinationQueries } from '../../api/coordination';
import { RefreshButton } from '../../components/controls';
import { KeysetTable } from '../../components/KeysetTable';
import { OverdueTag } from '../../components/tags';
import { useKeyset } from '../../components/useKeyset';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { JointStateTag } from '../summons/tags';

/** Joint actions of the caller's side (lead department, street; supervisors all), newest first. */
export function JointActionsPage() {
  const { t, label, time } = useI18n();
  const orgs = useOrgs();
  const [state, setState] = useState<JointActionState | undefined>();
  const list = useKeyset(coordinationQueries.jointActions({ state }));
  return (
    <Card
      title={t('joint.listTitle')}
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder={t('common.state')}
            style={{ width: 160 }}
            value={state}
            onChange={setState}
            options={JOINT_ACTION_STATES.map((s) => ({ value: s, label: label('coordState', s) }))}
          />
          <RefreshButton onRefresh={list.reload} />
        </Space>
      }
    >
      <KeysetTable<JointAction>
        list={list}
        size="middle"
        scroll={{ x: 900 }}
        data-testid="joint-actions-list"
        columns={[
          {
            title: t('joint.task'),
            dataIndex: 'taskTitle',
            render: (title: string, j) => <Link to={`/assignments/${j.assignmentId}`}>{title}</Link>,
          },
          { title: t('joint.scheduledAt'), dataIndex: 'scheduledAt', render: (v: string) => time(v) },
          { title: t('joint.place'), dataIndex: 'place' },
          { title: t('joint.lead'), dataIndex: 'leadDepartmentCode', render: (c: string) => orgs.name(c) },
          { title: t('joint.street'), dataIndex: 'streetCode', render: (c: string) => orgs.name(c) },
          {
            title: t('common.state'),
            dataIndex: 'state',
            render: (s: JointActionState, j) => (
              <Space size={0}>
                <JointStateTag state={s} />
                <OverdueTag overdue={j.overdue} />
              </Space>
            ),
          },
          {
            title: t('joint.casesOpened'),
            dataIndex: 'casesOpened',
            render: (v: number | null) => (v === null ? '—' : v),
          },
        ]}
      />
    </Card>
  );
}

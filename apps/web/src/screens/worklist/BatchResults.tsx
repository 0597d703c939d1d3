import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { List, Modal, Space, Typography } from 'antd';
import type { Assignment, BatchResult } from '../../api';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';

/** A batch's outcome item by item: what went through, and why the others did not. */
export function BatchResults({
  result,
  rows,
  onClose,
}: {
  result: BatchResult | null;
  rows: Assignment[];
  onClose: () => void;
}) {
  const { t, label } = useI18n();
  const orgs = useOrgs();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (
    <Modal
      open={!!result}
      title={t('worklist.batch.resultTitle', { ok: result?.succeeded ?? 0, failed: result?.failed ?? 0 })}
      onCancel={onClose}
      onOk={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText={t('common.confirm')}
    >
      <List
        size="small"
        data-testid="batch-results"
        dataSource={result?.results ?? []}
        renderItem={(r) => {
          const a = byId.get(r.id);
          return (
            <List.Item data-ok={r.ok}>
              <Space align="start">
                {r.ok ? (
                  <CheckCircleTwoTone twoToneColor="#52c41a" />
                ) : (
                  <CloseCircleTwoTone twoToneColor="#cf1322" />
                )}
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>
                    {a ? `${a.taskTitle} · ${orgs.name(a.streetCode)}` : r.id}
                  </Typography.Text>
                  <Typography.Text type={r.ok ? 'success' : 'danger'}>
                    {r.ok ? label('state', r.state) : r.error?.message}
                  </Typography.Text>
                </Space>
              </Space>
            </List.Item>
          );
        }}
      />
    </Modal>
  );
}

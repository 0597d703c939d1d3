import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Spin } from 'antd';
import { Link, useParams } from 'react-router-dom';
import type { AssignmentDetail } from '../../api';
import { queries } from '../../api/queries';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import './print.css';

type Kind = 'order' | 'receipt';

/**
 * The paper forms of an assignment: the 交办单 (what the department hands the street, with the
 * admission decision and the deadlines) and the 签收回执 (that the street signed for it, when,
 * with the audit event's hash as the receipt's check number). A print stylesheet leaves the
 * menu, header and buttons off the paper.
 */
export function PrintPage() {
  const { kind, id = '' } = useParams<{ kind: Kind; id: string }>();
  const { t } = useI18n();
  const q = useQuery(queries.assignment(id));
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Spin />;
  return (
    <>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print">
          {t('print.print')}
        </Button>
        <Link to={`/print/${kind === 'order' ? 'receipt' : 'order'}/${id}`}>
          {t(kind === 'order' ? 'print.receipt' : 'print.order')}
        </Link>
        <Link to={`/assignments/${id}`}>{t('print.back')}</Link>
      </Space>
      {kind === 'receipt' ? <Receipt a={q.data} /> : <Order a={q.data} />}
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <tr>
      <th>{label}</th>
      <td>{children || '—'}</td>
    </tr>
  );
}

function Order({ a }: { a: AssignmentDetail }) {
  const { t, label, time } = useI18n();
  const orgs = useOrgs();
  const d = a.decision;
  const r = a.task.resources;
  return (
    <div className="print-sheet" data-testid="print-order">
      <h1>{t('print.order')}</h1>
      <div className="print-no">
        {t('print.number')}: {a.id.slice(0, 8).toUpperCase()}
      </div>
      <table>
        <tbody>
          <Row label={t('task.title')}>{a.task.title}</Row>
          <Row label={t('task.submitter')}>{orgs.name(a.submitterCode)}</Row>
          <Row label={t('print.street')}>{orgs.name(a.streetCode)}</Row>
          <Row label={t('task.matterCode')}>{a.task.matterCode ?? t('print.offList')}</Row>
          <Row label={t('task.actionType')}>{label('action', a.task.actionType)}</Row>
          <Row label={t('print.decision')}>
            {d
              ? `${label('outcome', d.outcome)}(${d.ruleId} · ${d.listVersion})${a.role ? ` · ${label('role', a.role)}` : ''}`
              : ''}
          </Row>
          <Row label={t('task.description')}>{a.task.description}</Row>
          <Row label={t('task.legalBasis')}>{a.task.legalBasis}</Row>
          <Row label={t('task.resources')}>
            {r
              ? [
                  r.funding ? `${r.funding} ${t('print.yuan')}` : '',
                  r.staff ? `${r.staff} ${t('print.persons')}` : '',
                  r.detail ?? '',
                ]
                  .filter(Boolean)
                  .join(';')
              : ''}
          </Row>
          <Row label={t('print.urgent')}>{a.urgent ? t('common.yes') : t('common.no')}</Row>
          <Row label={t('assignment.signDueAt')}>{time(a.signDueAt)}</Row>
          <Row label={t('assignment.dueAt')}>{time(a.dueAt)}</Row>
          <Row label={t('print.issuedAt')}>{time(a.task.createdAt)}</Row>
        </tbody>
      </table>
      <div className="print-signatures">
        <div>
          {t('print.issuer')}:
          <br />
          {t('print.date')}:
        </div>
        <div>
          {t('print.signer')}:
          <br />
          {t('print.date')}:
        </div>
      </div>
    </div>
  );
}

function Receipt({ a }: { a: AssignmentDetail }) {
  const { t, time } = useI18n();
  const orgs = useOrgs();
  const signed = [...a.timeline].reverse().find((e) => e.action === 'sign');
  return (
    <div className="print-sheet" data-testid="print-receipt">
      <h1>{t('print.receipt')}</h1>
      <div className="print-no">
        {t('print.number')}: {a.id.slice(0, 8).toUpperCase()}
      </div>
      <table>
        <tbody>
          <Row label={t('task.title')}>{a.task.title}</Row>
          <Row label={t('task.submitter')}>{orgs.name(a.submitterCode)}</Row>
          <Row label={t('print.street')}>{orgs.name(a.streetCode)}</Row>
          <Row label={t('print.signedAt')}>{signed ? time(signed.createdAt) : t('print.notSigned')}</Row>
          <Row label={t('assignment.dueAt')}>{time(a.dueAt)}</Row>
          <Row label={t('print.check')}>{signed ? signed.hash.slice(0, 16) : ''}</Row>
        </tbody>
      </table>
      <p style={{ marginTop: 16 }}>
        {signed ? t('print.receiptText', { street: orgs.name(a.streetCode) }) : ''}
      </p>
      <div className="print-signatures">
        <div>
          {t('print.signer')}:
          <br />
          {t('print.date')}:
        </div>
      </div>
    </div>
  );
}

import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Decision, Matter } from '../api';
import { useI18n } from '../i18n';
import { useOrgs } from '../shell/orgs';
import { DecisionBrief } from './DecisionView';
import { MatterText } from './MatterText';

/**
 * What a decider (the 编办 reviewing or ruling) has in front of them: the task and the street it
 * is for, the decision so far with its rule and reason, the list's text of the matter it rests
 * on, and each side's argument. Shown above the decision's form, in the same dialog.
 */
export function DeciderContext(p: {
  title: string;
  streetCode: string;
  departmentCode: string;
  description: string;
  legalBasis: string | null;
  decision: Decision | null;
  decisionLabel: string;
  matter?: { matter: Matter | null; code: string | null };
  /** The street's side (a dispute): its reason and the matter it cites. */
  street?: { reasonTag: ReactNode; reason: string; cited: Matter | null; citedCode: string | null };
}) {
  const { t } = useI18n();
  const orgs = useOrgs();
  const departmentSide = (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
        {p.description || t('common.none')}
      </Typography.Paragraph>
      {p.legalBasis && (
        <Typography.Text type="secondary">
          {t('ctx.legalBasis')}:{p.legalBasis}
        </Typography.Text>
      )}
    </Space>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="decider-context">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('ctx.task')}>
          <span data-testid="ctx-task">{p.title}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ctx.street')}>
          <span data-testid="ctx-street">{orgs.name(p.streetCode)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ctx.department')}>{orgs.name(p.departmentCode)}</Descriptions.Item>
      </Descriptions>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={p.street ? 12 : 24}>
          <Card size="small" title={t('ctx.departmentSide')} data-testid="ctx-department-side">
            {departmentSide}
          </Card>
        </Col>
        {p.street && (
          <Col xs={24} md={12}>
            <Card size="small" title={t('ctx.streetSide')} data-testid="ctx-street-side">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <span>{p.street.reasonTag}</span>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {p.street.reason}
                </Typography.Paragraph>
              </Space>
            </Card>
          </Col>
        )}
      </Row>
      <Card size="small" title={p.decisionLabel}>
        <DecisionBrief decision={p.decision} testId="ctx-decision" />
      </Card>
      <Row gutter={[16, 16]}>
        {p.matter && (
          <Col xs={24} md={p.street ? 12 : 24}>
            <Typography.Text strong>{t('ctx.matter')}</Typography.Text>
            <MatterText matter={p.matter.matter} code={p.matter.code} testId="ctx-matter" />
          </Col>
        )}
        {p.street && (
          <Col xs={24} md={p.matter ? 12 : 24}>
            <Typography.Text strong>{t('ctx.citedMatter')}</Typography.Text>
            {p.street.citedCode || p.street.cited ? (
              <MatterText matter={p.street.cited} code={p.street.citedCode} testId="ctx-cited-matter" />
            ) : (
              <div>
                <Tag>{t('common.none')}</Tag>
              </div>
            )}
          </Col>
        )}
      </Row>
    </Space>
  );
}

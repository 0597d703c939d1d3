import { Timeline, Typography } from 'antd';
import type { AuditEvent } from '../api';
import { useI18n } from '../i18n';
import { useOrgs } from '../shell/orgs';

/** Payload fields worth a line in the timeline, in the order shown, with the label group of their values. */
const SHOWN: [field: string, valueGroup: string | null][] = [
  ['note', null],
  ['url', null],
  ['from', null],
  ['to', null],
  ['reason', null],
  ['result', null],
  ['reasonCode', 'disputeReason'],
  ['citedMatterCode', null],
  ['rating', null],
  ['comment', null],
  ['workingDays', null],
  ['approve', null],
  ['upheld', 'upheld'],
  ['decision', 'reviews.decision'],
  ['matterCode', null],
  ['role', 'role'],
  ['ruleId', null],
  ['outcome', 'outcome'],
  ['edits', 'task'],
  ['itemCode', null],
  ['explanation', null],
];

/** An aggregate's audit events (hash-chained on the server), oldest first. */
export function TimelineView({ events }: { events: AuditEvent[] }) {
  const { t, label, time } = useI18n();
  const orgs = useOrgs();
  return (
    <Timeline
      items={events.map((e) => {
        const details = SHOWN.filter(([k]) => e.payload[k] !== undefined && e.payload[k] !== null).map(
          ([k, group]) => {
            const v = e.payload[k];
            const shown =
              typeof v === 'boolean'
                ? t(v ? 'common.yes' : 'common.no')
                : Array.isArray(v) // the task fields a resubmission changed
                  ? v.map((x) => (group ? label(group, String(x)) : String(x))).join(', ')
                  : group
                    ? label(group, String(v))
                    : String(v);
            return `${label('payload', k)}: ${shown}`;
          },
        );
        return {
          key: e.seq,
          children: (
            <div>
              <Typography.Text strong>{label('event', e.action)}</Typography.Text>
              {e.fromState || e.toState ? (
                <Typography.Text type="secondary">
                  {' '}
                  {e.fromState ? label('state', e.fromState) : '∅'} →{' '}
                  {e.toState ? label('state', e.toState) : '∅'}
                </Typography.Text>
              ) : null}
              <div>
                <Typography.Text type="secondary">
                  {time(e.createdAt)} · {e.actorOrg ? orgs.name(e.actorOrg) : t('event.system')}
                </Typography.Text>
              </div>
              {details.map((d) => (
                <div key={d}>
                  <Typography.Text>{d}</Typography.Text>
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}

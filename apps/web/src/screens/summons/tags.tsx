import { Tag } from 'antd';
import type { JointActionState, SummonsResponseState, SummonsState } from '../../api';
import { useI18n } from '../../i18n';

const RESPONSE_COLOR: Record<SummonsResponseState, string> = {
  pending: 'gold',
  reported: 'green',
  declined: 'red',
};

const JOINT_COLOR: Record<JointActionState, string> = {
  scheduled: 'gold',
  confirmed: 'blue',
  reschedule_requested: 'orange',
  completed: 'green',
};

export function ResponseTag({ state }: { state: SummonsResponseState }) {
  const { label } = useI18n();
  return (
    <Tag color={RESPONSE_COLOR[state]} data-state={state}>
      {label('coordState', state)}
    </Tag>
  );
}

export function SummonsStateTag({ state }: { state: SummonsState }) {
  const { label } = useI18n();
  return (
    <Tag color={state === 'open' ? 'processing' : 'default'} data-state={state}>
      {label('summonsState', state)}
    </Tag>
  );
}

export function JointStateTag({ state }: { state: JointActionState }) {
  const { label } = useI18n();
  return (
    <Tag color={JOINT_COLOR[state]} data-state={state}>
      {label('coordState', state)}
    </Tag>
  );
}
